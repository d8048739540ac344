/* stdio.h - FIR guest C library.  Streams are buffered in guest memory (see
 * guest/libc/stdio.c); stdout is line buffered on a terminal and fully
 * buffered otherwise, stderr is unbuffered. */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>

#ifndef __fir_size_t_defined
#define __fir_size_t_defined
typedef unsigned long size_t;
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif
#ifndef __fir_ssize_t_defined
#define __fir_ssize_t_defined
typedef long ssize_t;
#endif
#ifndef __fir_off_t_defined
#define __fir_off_t_defined
typedef long off_t;
#endif

typedef struct __fir_file FILE;
typedef struct {
    long __pos;
    long __state;
} fpos_t;

#define EOF (-1)
#define BUFSIZ 8192
#define FOPEN_MAX 16
#define FILENAME_MAX 4096
#define L_tmpnam 20
#define TMP_MAX 238328
#define P_tmpdir "/tmp"
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin stdin
#define stdout stdout
#define stderr stderr

int remove(const char *path);
int rename(const char *oldpath, const char *newpath);
FILE *tmpfile(void);
char *tmpnam(char *s);

int fclose(FILE *f);
int fflush(FILE *f);
FILE *fopen(const char *path, const char *mode);
FILE *freopen(const char *path, const char *mode, FILE *f);
FILE *fdopen(int fd, const char *mode);
void setbuf(FILE *f, char *buf);
int setvbuf(FILE *f, char *buf, int mode, size_t size);
int fileno(FILE *f);

int fprintf(FILE *f, const char *fmt, ...);
int fscanf(FILE *f, const char *fmt, ...);
int printf(const char *fmt, ...);
int scanf(const char *fmt, ...);
int snprintf(char *s, size_t n, const char *fmt, ...);
int sprintf(char *s, const char *fmt, ...);
int sscanf(const char *s, const char *fmt, ...);
int dprintf(int fd, const char *fmt, ...);
int vfprintf(FILE *f, const char *fmt, va_list ap);
int vfscanf(FILE *f, const char *fmt, va_list ap);
int vprintf(const char *fmt, va_list ap);
int vscanf(const char *fmt, va_list ap);
int vsnprintf(char *s, size_t n, const char *fmt, va_list ap);
int vsprintf(char *s, const char *fmt, va_list ap);
int vsscanf(const char *s, const char *fmt, va_list ap);
int vdprintf(int fd, const char *fmt, va_list ap);

int fgetc(FILE *f);
char *fgets(char *s, int n, FILE *f);
int fputc(int c, FILE *f);
int fputs(const char *s, FILE *f);
int getc(FILE *f);
int getchar(void);
int putc(int c, FILE *f);
int putchar(int c);
int puts(const char *s);
int ungetc(int c, FILE *f);
ssize_t getline(char **line, size_t *cap, FILE *f);
ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f);
int getc_unlocked(FILE *f);
int getchar_unlocked(void);
int putc_unlocked(int c, FILE *f);
int putchar_unlocked(int c);

size_t fread(void *buf, size_t size, size_t n, FILE *f);
size_t fwrite(const void *buf, size_t size, size_t n, FILE *f);

int fgetpos(FILE *f, fpos_t *pos);
int fseek(FILE *f, long off, int whence);
int fseeko(FILE *f, off_t off, int whence);
int fsetpos(FILE *f, const fpos_t *pos);
long ftell(FILE *f);
off_t ftello(FILE *f);
void rewind(FILE *f);

void clearerr(FILE *f);
int feof(FILE *f);
int ferror(FILE *f);
void perror(const char *s);

#ifdef _GNU_SOURCE
int asprintf(char **sp, const char *fmt, ...);
int vasprintf(char **sp, const char *fmt, va_list ap);
#endif

#endif

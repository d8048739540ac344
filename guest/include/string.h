/* string.h - FIR guest C library.  The hot primitives (memcpy, memmove,
 * memset, memcmp, strlen) are host calls, checked like loads and stores. */
#ifndef _STRING_H
#define _STRING_H

#ifndef __fir_size_t_defined
#define __fir_size_t_defined
typedef unsigned long size_t;
#endif
#ifndef NULL
#define NULL ((void *)0)
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
void *memccpy(void *dst, const void *src, int c, size_t n);

char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
char *stpcpy(char *dst, const char *src);
char *stpncpy(char *dst, const char *src, size_t n);
char *strcat(char *dst, const char *src);
char *strncat(char *dst, const char *src, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
int strcoll(const char *a, const char *b);
size_t strxfrm(char *dst, const char *src, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
size_t strcspn(const char *s, const char *reject);
size_t strspn(const char *s, const char *accept);
char *strpbrk(const char *s, const char *accept);
char *strstr(const char *hay, const char *needle);
char *strtok(char *s, const char *delim);
char *strtok_r(char *s, const char *delim, char **save);
char *strsep(char **sp, const char *delim);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
char *strerror(int errnum);
int strerror_r(int errnum, char *buf, size_t n);
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
char *strsignal(int sig);

/* GNU extensions: declared only with _GNU_SOURCE, as glibc does, so programs
 * may define their own functions of these names otherwise. */
#ifdef _GNU_SOURCE
void *memrchr(const void *s, int c, size_t n);
void *mempcpy(void *dst, const void *src, size_t n);
void *memmem(const void *hay, size_t hn, const void *needle, size_t nn);
char *strchrnul(const char *s, int c);
char *strcasestr(const char *hay, const char *needle);
#endif

#endif

/*
 * stdio.c - streams: FILE, buffering, positioning, the printf wrappers.
 *
 * A FILE is a host file descriptor plus a buffer in guest memory, so
 * buffered data is part of the process state (speculation and migration
 * carry it).  A stream is either reading or writing at a time:
 *   - reading: buf[rpos..rend) holds bytes read ahead from the descriptor,
 *     and up to UNGET_MAX pushed-back bytes wait in unget[] (last in, first
 *     out); the descriptor's position is past rend;
 *   - writing: buf[0..wpos) holds bytes not yet written.
 * Switching direction flushes pending output, or seeks the descriptor back
 * over unread input.  Buffer modes follow glibc: a stream on a terminal is
 * line buffered, otherwise fully buffered; stderr is unbuffered.  Before a
 * stream reads from its descriptor, a line-buffered stdout is flushed so a
 * prompt appears before the program waits for input.
 *
 * End of file is sticky (C11 and glibc): once seen, reads return EOF until
 * clearerr, ungetc or a seek.
 *
 * Open streams are kept in a list so exit() and fflush(NULL) reach them.
 */
#define _GNU_SOURCE /* asprintf, vasprintf */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "libc.h"

#define UNGET_MAX 8

enum {
    S_READ = 1,     /* opened for reading */
    S_WRITE = 2,    /* opened for writing */
    S_EOF = 4,
    S_ERR = 8,
    S_READING = 16, /* the buffer holds read-ahead input */
    S_WRITING = 32, /* the buffer holds pending output */
    S_STATIC = 64,  /* stdin/stdout/stderr: the FILE is not freed */
    S_OWNBUF = 128, /* buf was malloc'ed by us */
    S_CLOSED = 256,
};

struct __fir_file {
    int fd;
    int flags;
    int bufmode;            /* _IOFBF, _IOLBF, _IONBF, or -1 until first use */
    unsigned char *buf;
    size_t bufsize;
    size_t rpos, rend;
    size_t wpos;
    int nunget;
    unsigned char unget[UNGET_MAX];
    unsigned char onebyte;  /* the buffer of an unbuffered stream */
    struct __fir_file *next;
};

static unsigned char stdin_buf[BUFSIZ];
static unsigned char stdout_buf[BUFSIZ];

static struct __fir_file stderr_file = {
    2, S_WRITE | S_STATIC, _IONBF, 0, 0, 0, 0, 0, 0, {0}, 0, 0,
};
static struct __fir_file stdout_file = {
    1, S_WRITE | S_STATIC, -1, stdout_buf, BUFSIZ, 0, 0, 0, 0, {0}, 0, &stderr_file,
};
static struct __fir_file stdin_file = {
    0, S_READ | S_STATIC, _IOFBF, stdin_buf, BUFSIZ, 0, 0, 0, 0, {0}, 0, &stdout_file,
};

FILE *stdin = &stdin_file;
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;

static FILE *open_files = &stdin_file;

/* ------------------------------------------------------------ buffers */

static void setup_buffer(FILE *f)
{
    if (f->bufmode < 0)
        f->bufmode = __host_isatty(f->fd) == 1 ? _IOLBF : _IOFBF;
    if (f->bufmode == _IONBF) {
        f->buf = &f->onebyte;
        f->bufsize = 1;
        return;
    }
    if (!f->buf) {
        f->buf = malloc(BUFSIZ);
        if (f->buf) {
            f->bufsize = BUFSIZ;
            f->flags |= S_OWNBUF;
        } else {
            f->bufmode = _IONBF;
            f->buf = &f->onebyte;
            f->bufsize = 1;
        }
    }
}

/* Writes all n bytes to the descriptor; returns the count written. */
static size_t raw_write(FILE *f, const unsigned char *p, size_t n)
{
    size_t done = 0;
    while (done < n) {
        long r = __host_write(f->fd, p + done, (long)(n - done));
        if (r < 0) {
            errno = (int)-r;
            f->flags |= S_ERR;
            break;
        }
        if (r == 0) {
            errno = EIO;
            f->flags |= S_ERR;
            break;
        }
        done += (size_t)r;
    }
    return done;
}

/* Writes out pending output; 0 or EOF. */
static int flush_out(FILE *f)
{
    if (!(f->flags & S_WRITING) || f->wpos == 0)
        return 0;
    size_t n = f->wpos;
    size_t w = raw_write(f, f->buf, n);
    if (w < n) {
        memmove(f->buf, f->buf + w, n - w);
        f->wpos = n - w;
        return EOF;
    }
    f->wpos = 0;
    return 0;
}

/* Gives back unread input to the descriptor (seek back) and drops it. */
static int drop_input(FILE *f)
{
    long unread = (long)(f->rend - f->rpos) + f->nunget;
    if (unread > 0) {
        long r = __host_lseek(f->fd, -unread, SEEK_CUR);
        if (r < 0) {
            if (r == -ESPIPE)
                return 0; /* like glibc: pipes keep their read-ahead */
            errno = (int)-r;
            return EOF;
        }
    }
    f->rpos = f->rend = 0;
    f->nunget = 0;
    return 0;
}

static int to_write(FILE *f)
{
    if (!(f->flags & S_WRITE) || (f->flags & S_CLOSED)) {
        f->flags |= S_ERR;
        errno = EBADF;
        return EOF;
    }
    if (f->flags & S_READING) {
        if (drop_input(f) < 0 && errno != ESPIPE)
            return EOF;
        f->rpos = f->rend = 0;
        f->nunget = 0;
        f->flags &= ~S_READING;
    }
    if (!(f->flags & S_WRITING)) {
        setup_buffer(f);
        f->flags |= S_WRITING;
        f->wpos = 0;
    }
    return 0;
}

static int to_read(FILE *f)
{
    if (!(f->flags & S_READ) || (f->flags & S_CLOSED)) {
        f->flags |= S_ERR;
        errno = EBADF;
        return EOF;
    }
    if (f->flags & S_WRITING) {
        if (flush_out(f) < 0)
            return EOF;
        f->flags &= ~S_WRITING;
    }
    if (!(f->flags & S_READING)) {
        setup_buffer(f);
        f->flags |= S_READING;
        f->rpos = f->rend = 0;
    }
    return 0;
}

void __libc_stdio_flush_linebuf(void)
{
    if (stdout_file.bufmode == _IOLBF && (stdout_file.flags & S_WRITING))
        flush_out(&stdout_file);
}

/* Refills an empty read buffer; returns the count read, 0 at EOF, -1. */
static long fill(FILE *f)
{
    if (f->flags & S_EOF)
        return 0; /* EOF is sticky until clearerr, ungetc or a seek (C11, glibc) */
    if (f != &stdout_file)
        __libc_stdio_flush_linebuf();
    long r = __host_read(f->fd, f->buf, (long)f->bufsize);
    if (r < 0) {
        errno = (int)-r;
        f->flags |= S_ERR;
        return -1;
    }
    if (r == 0)
        f->flags |= S_EOF;
    f->rpos = 0;
    f->rend = (size_t)r;
    return r;
}

/* ------------------------------------------------------------ writing */

size_t __libc_fwrite_bytes(const void *buf, size_t n, FILE *f)
{
    const unsigned char *p = buf;
    if (n == 0)
        return 0;
    if (to_write(f) < 0)
        return 0;
    if (f->bufmode == _IONBF)
        return raw_write(f, p, n);
    size_t done = 0;
    while (done < n) {
        size_t room = f->bufsize - f->wpos;
        size_t k = n - done;
        if (f->wpos == 0 && k >= f->bufsize) {
            /* Large write with an empty buffer: straight through. */
            done += raw_write(f, p + done, k);
            return done;
        }
        if (k > room)
            k = room;
        memcpy(f->buf + f->wpos, p + done, k);
        f->wpos += k;
        done += k;
        if (f->wpos == f->bufsize && flush_out(f) < 0)
            return done > f->wpos ? done - f->wpos : 0;
    }
    if (f->bufmode == _IOLBF && memchr(p, '\n', n))
        flush_out(f); /* an error stays in the stream's error flag */
    return n;
}

size_t fwrite(const void *buf, size_t size, size_t n, FILE *f)
{
    if (size == 0 || n == 0)
        return 0;
    size_t total = size * n;
    if (total / size != n) {
        errno = EOVERFLOW;
        f->flags |= S_ERR;
        return 0;
    }
    return __libc_fwrite_bytes(buf, total, f) / size;
}

int fputc(int c, FILE *f)
{
    unsigned char ch = (unsigned char)c;
    if ((f->flags & S_WRITING) && f->bufmode == _IOFBF && f->wpos < f->bufsize) {
        f->buf[f->wpos++] = ch;
        return ch;
    }
    return __libc_fwrite_bytes(&ch, 1, f) == 1 ? ch : EOF;
}

int putc(int c, FILE *f)
{
    return fputc(c, f);
}

int putchar(int c)
{
    return fputc(c, stdout);
}

int putc_unlocked(int c, FILE *f)
{
    return fputc(c, f);
}

int putchar_unlocked(int c)
{
    return fputc(c, stdout);
}

int fputs(const char *s, FILE *f)
{
    size_t n = strlen(s);
    return __libc_fwrite_bytes(s, n, f) == n ? 1 : EOF;
}

int puts(const char *s)
{
    size_t n = strlen(s);
    if (__libc_fwrite_bytes(s, n, stdout) != n || __libc_fwrite_bytes("\n", 1, stdout) != 1)
        return EOF;
    return 1;
}

/* ------------------------------------------------------------ reading */

int fgetc(FILE *f)
{
    if (f->nunget > 0 && (f->flags & S_READING))
        return f->unget[--f->nunget];
    if ((f->flags & S_READING) && f->rpos < f->rend)
        return f->buf[f->rpos++];
    if (to_read(f) < 0)
        return EOF;
    if (f->nunget > 0)
        return f->unget[--f->nunget];
    if (f->rpos >= f->rend && fill(f) <= 0)
        return EOF;
    return f->buf[f->rpos++];
}

int getc(FILE *f)
{
    return fgetc(f);
}

int getchar(void)
{
    return fgetc(stdin);
}

int getc_unlocked(FILE *f)
{
    return fgetc(f);
}

int getchar_unlocked(void)
{
    return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
    if (c == EOF || to_read(f) < 0)
        return EOF;
    if (f->rpos > 0 && f->nunget == 0 && f->buf[f->rpos - 1] == (unsigned char)c) {
        f->rpos--;
    } else {
        if (f->nunget >= UNGET_MAX)
            return EOF;
        f->unget[f->nunget++] = (unsigned char)c;
    }
    f->flags &= ~S_EOF;
    return (unsigned char)c;
}

size_t fread(void *buf, size_t size, size_t n, FILE *f)
{
    if (size == 0 || n == 0)
        return 0;
    size_t total = size * n;
    if (total / size != n) {
        errno = EOVERFLOW;
        f->flags |= S_ERR;
        return 0;
    }
    if (to_read(f) < 0)
        return 0;
    unsigned char *p = buf;
    size_t done = 0;
    while (done < total && f->nunget > 0)
        p[done++] = f->unget[--f->nunget];
    while (done < total) {
        size_t avail = f->rend - f->rpos;
        if (avail > 0) {
            size_t k = total - done < avail ? total - done : avail;
            memcpy(p + done, f->buf + f->rpos, k);
            f->rpos += k;
            done += k;
            continue;
        }
        if (f->flags & S_EOF)
            break;
        if (total - done >= f->bufsize) {
            /* Large read: straight into the caller's buffer. */
            if (f != &stdout_file)
                __libc_stdio_flush_linebuf();
            long r = __host_read(f->fd, p + done, (long)(total - done));
            if (r < 0) {
                errno = (int)-r;
                f->flags |= S_ERR;
                break;
            }
            if (r == 0) {
                f->flags |= S_EOF;
                break;
            }
            done += (size_t)r;
            continue;
        }
        if (fill(f) <= 0)
            break;
    }
    return done / size;
}

char *fgets(char *s, int n, FILE *f)
{
    if (n <= 0)
        return NULL;
    if (n == 1) {
        s[0] = '\0';
        return s;
    }
    if (to_read(f) < 0)
        return NULL;
    int had_error = (f->flags & S_ERR) != 0;
    int i = 0;
    while (i < n - 1) {
        if (f->nunget > 0) {
            unsigned char c = f->unget[--f->nunget];
            s[i++] = (char)c;
            if (c == '\n')
                break;
            continue;
        }
        if (f->rpos >= f->rend && fill(f) <= 0)
            break;
        size_t avail = f->rend - f->rpos;
        size_t want = (size_t)(n - 1 - i);
        size_t k = avail < want ? avail : want;
        unsigned char *nl = memchr(f->buf + f->rpos, '\n', k);
        if (nl)
            k = (size_t)(nl - (f->buf + f->rpos)) + 1;
        memcpy(s + i, f->buf + f->rpos, k);
        f->rpos += k;
        i += (int)k;
        if (nl)
            break;
    }
    if (i == 0 || (!had_error && (f->flags & S_ERR)))
        return NULL;
    s[i] = '\0';
    return s;
}

ssize_t getdelim(char **line, size_t *cap, int delim, FILE *f)
{
    if (!line || !cap) {
        errno = EINVAL;
        return -1;
    }
    size_t n = 0;
    for (;;) {
        int c = fgetc(f);
        if (c == EOF)
            break;
        if (n + 2 > *cap || !*line) {
            size_t nc = *cap < 120 ? 120 : *cap * 2;
            char *p = realloc(*line, nc);
            if (!p)
                return -1;
            *line = p;
            *cap = nc;
        }
        (*line)[n++] = (char)c;
        if (c == delim)
            break;
    }
    if (n == 0)
        return -1;
    (*line)[n] = '\0';
    return (ssize_t)n;
}

ssize_t getline(char **line, size_t *cap, FILE *f)
{
    return getdelim(line, cap, '\n', f);
}

/* ------------------------------------------------------------ flushing */

int fflush(FILE *f)
{
    if (!f) {
        int r = 0;
        for (FILE *g = open_files; g; g = g->next)
            if ((g->flags & S_WRITING) && flush_out(g) < 0)
                r = EOF;
        return r;
    }
    if (f->flags & S_WRITING)
        return flush_out(f);
    if (f->flags & S_READING)
        return drop_input(f);
    return 0;
}

void __libc_stdio_flush_all(void)
{
    fflush(NULL);
}

/* ------------------------------------------------------------ positions */

int fseeko(FILE *f, off_t off, int whence)
{
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) {
        errno = EINVAL;
        return -1;
    }
    if ((f->flags & S_WRITING) && flush_out(f) < 0)
        return -1;
    if (whence == SEEK_CUR && (f->flags & S_READING))
        off -= (long)(f->rend - f->rpos) + f->nunget;
    long r = __host_lseek(f->fd, off, whence);
    if (r < 0) {
        errno = (int)-r;
        return -1;
    }
    f->rpos = f->rend = 0;
    f->nunget = 0;
    f->flags &= ~(S_EOF | S_READING | S_WRITING);
    f->wpos = 0;
    return 0;
}

int fseek(FILE *f, long off, int whence)
{
    return fseeko(f, off, whence);
}

off_t ftello(FILE *f)
{
    long pos = __host_lseek(f->fd, 0, SEEK_CUR);
    if (pos < 0) {
        errno = (int)-pos;
        return -1;
    }
    if (f->flags & S_READING)
        pos -= (long)(f->rend - f->rpos) + f->nunget;
    else if (f->flags & S_WRITING)
        pos += (long)f->wpos;
    return pos;
}

long ftell(FILE *f)
{
    return ftello(f);
}

void rewind(FILE *f)
{
    fseek(f, 0, SEEK_SET);
    f->flags &= ~S_ERR;
}

int fgetpos(FILE *f, fpos_t *pos)
{
    long p = ftell(f);
    if (p < 0)
        return -1;
    pos->__pos = p;
    pos->__state = 0;
    return 0;
}

int fsetpos(FILE *f, const fpos_t *pos)
{
    return fseek(f, pos->__pos, SEEK_SET);
}

/* ------------------------------------------------------------ state */

void clearerr(FILE *f)
{
    f->flags &= ~(S_EOF | S_ERR);
}

int feof(FILE *f)
{
    return (f->flags & S_EOF) != 0;
}

int ferror(FILE *f)
{
    return (f->flags & S_ERR) != 0;
}

int fileno(FILE *f)
{
    if (f->flags & S_CLOSED) {
        errno = EBADF;
        return -1;
    }
    return f->fd;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
    if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
        errno = EINVAL;
        return -1;
    }
    if (f->flags & (S_READING | S_WRITING)) {
        /* glibc allows it after I/O too: flush first. */
        fflush(f);
        f->flags &= ~(S_READING | S_WRITING);
        f->rpos = f->rend = f->wpos = 0;
    }
    if (f->flags & S_OWNBUF) {
        free(f->buf);
        f->flags &= ~S_OWNBUF;
    }
    f->buf = NULL;
    f->bufsize = 0;
    f->bufmode = mode;
    if (mode != _IONBF) {
        if (buf && size > 0) {
            f->buf = (unsigned char *)buf;
            f->bufsize = size;
        } else if (size > 0) {
            f->buf = malloc(size);
            if (f->buf) {
                f->bufsize = size;
                f->flags |= S_OWNBUF;
            }
        }
    }
    return 0;
}

void setbuf(FILE *f, char *buf)
{
    setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

/* ------------------------------------------------------------ open, close */

/* Mode string to open flags; -1 for an invalid mode. */
static int parse_mode(const char *mode, int *sflags)
{
    int oflags;
    switch (mode[0]) {
    case 'r': oflags = HOST_O_RDONLY; *sflags = S_READ; break;
    case 'w': oflags = HOST_O_WRONLY | HOST_O_CREAT | HOST_O_TRUNC; *sflags = S_WRITE; break;
    case 'a': oflags = HOST_O_WRONLY | HOST_O_CREAT | HOST_O_APPEND; *sflags = S_WRITE; break;
    default: return -1;
    }
    for (const char *p = mode + 1; *p; p++) {
        if (*p == '+') {
            oflags = (oflags & ~(HOST_O_WRONLY | HOST_O_RDWR)) | HOST_O_RDWR;
            *sflags = S_READ | S_WRITE;
        } else if (*p == 'x') {
            oflags |= HOST_O_EXCL;
        }
    }
    return oflags;
}

static FILE *new_file(int fd, int sflags)
{
    FILE *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->fd = fd;
    f->flags = sflags;
    f->bufmode = -1;
    f->next = open_files;
    open_files = f;
    return f;
}

FILE *fopen(const char *path, const char *mode)
{
    int sflags;
    int oflags = parse_mode(mode, &sflags);
    if (oflags < 0) {
        errno = EINVAL;
        return NULL;
    }
    int fd = __host_open(path, oflags, 0666);
    if (fd < 0) {
        errno = -fd;
        return NULL;
    }
    FILE *f = new_file(fd, sflags);
    if (!f)
        __host_close(fd);
    return f;
}

FILE *fdopen(int fd, const char *mode)
{
    int sflags;
    if (parse_mode(mode, &sflags) < 0) {
        errno = EINVAL;
        return NULL;
    }
    return new_file(fd, sflags);
}

/* Flushes and closes the descriptor; the FILE itself stays. */
static int close_stream(FILE *f)
{
    int r = 0;
    if (f->flags & S_CLOSED)
        return EOF;
    if ((f->flags & S_WRITING) && flush_out(f) < 0)
        r = EOF;
    int c = __host_close(f->fd);
    if (c < 0) {
        errno = -c;
        r = EOF;
    }
    if (f->flags & S_OWNBUF) {
        free(f->buf);
        f->buf = NULL;
        f->bufsize = 0;
        f->flags &= ~S_OWNBUF;
    }
    f->flags |= S_CLOSED;
    f->flags &= ~(S_READING | S_WRITING);
    return r;
}

int fclose(FILE *f)
{
    int r = close_stream(f);
    if (f->flags & S_STATIC)
        return r;
    for (FILE **pp = &open_files; *pp; pp = &(*pp)->next) {
        if (*pp == f) {
            *pp = f->next;
            break;
        }
    }
    free(f);
    return r;
}

FILE *freopen(const char *path, const char *mode, FILE *f)
{
    int sflags;
    int oflags = parse_mode(mode, &sflags);
    if (oflags < 0 || !path) {
        errno = EINVAL;
        return NULL;
    }
    close_stream(f);
    int fd = __host_open(path, oflags, 0666);
    if (fd < 0) {
        errno = -fd;
        return NULL;
    }
    f->fd = fd;
    f->flags = sflags | (f->flags & S_STATIC);
    f->bufmode = f == stderr ? _IONBF : -1;
    if (f == stdin || f == stdout) {
        f->buf = f == stdin ? stdin_buf : stdout_buf;
        f->bufsize = BUFSIZ;
    }
    f->rpos = f->rend = f->wpos = 0;
    f->nunget = 0;
    return f;
}

int remove(const char *path)
{
    int r = __host_unlink(path);
    if (r < 0) {
        errno = -r;
        return -1;
    }
    return 0;
}

int rename(const char *oldpath, const char *newpath)
{
    int r = __host_rename(oldpath, newpath);
    if (r < 0) {
        errno = -r;
        return -1;
    }
    return 0;
}

static unsigned tmp_counter;

static void tmp_name(char *buf, size_t n)
{
    snprintf(buf, n, "/tmp/fir%ld_%u", (long)(__host_time_ns(0) % 1000000007L), tmp_counter++);
}

char *tmpnam(char *s)
{
    static char name[L_tmpnam + 20];
    char *out = s ? s : name;
    tmp_name(out, L_tmpnam);
    return out;
}

/* Opened, then unlinked at once: the data lives until the stream closes. */
FILE *tmpfile(void)
{
    char name[64];
    for (int tries = 0; tries < 100; tries++) {
        tmp_name(name, sizeof name);
        int fd = __host_open(name, HOST_O_RDWR | HOST_O_CREAT | HOST_O_EXCL, 0600);
        if (fd == -EEXIST)
            continue;
        if (fd < 0) {
            errno = -fd;
            return NULL;
        }
        __host_unlink(name);
        FILE *f = new_file(fd, S_READ | S_WRITE);
        if (!f)
            __host_close(fd);
        return f;
    }
    errno = EEXIST;
    return NULL;
}

void perror(const char *s)
{
    const char *msg = strerror(errno);
    if (s && *s)
        fprintf(stderr, "%s: %s\n", s, msg);
    else
        fprintf(stderr, "%s\n", msg);
}

/* ------------------------------------------------------------ printf */

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    __LibcSink sink;
    sink.file = f;
    sink.buf = NULL;
    sink.cap = 0;
    sink.len = 0;
    sink.error = 0;
    sink.nstage = 0;
    if (to_write(f) < 0)
        return -1;
    return __libc_vformat(&sink, fmt, ap);
}

int vprintf(const char *fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(f, fmt, ap);
    va_end(ap);
    return r;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}

int vsnprintf(char *s, size_t n, const char *fmt, va_list ap)
{
    __LibcSink sink;
    sink.file = NULL;
    sink.buf = s;
    sink.cap = n;
    sink.len = 0;
    sink.error = 0;
    sink.nstage = 0;
    int r = __libc_vformat(&sink, fmt, ap);
    if (n > 0)
        s[sink.len < n - 1 ? sink.len : n - 1] = '\0';
    return r;
}

int vsprintf(char *s, const char *fmt, va_list ap)
{
    return vsnprintf(s, (size_t)INT_MAX + 1, fmt, ap);
}

int snprintf(char *s, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsnprintf(s, n, fmt, ap);
    va_end(ap);
    return r;
}

int sprintf(char *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vsprintf(s, fmt, ap);
    va_end(ap);
    return r;
}

int vasprintf(char **sp, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return -1;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return -1;
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    *sp = s;
    return n;
}

int asprintf(char **sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vasprintf(sp, fmt, ap);
    va_end(ap);
    return r;
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
    char *s;
    int n = vasprintf(&s, fmt, ap);
    if (n < 0)
        return -1;
    long done = 0;
    while (done < n) {
        long r = __host_write(fd, s + done, n - done);
        if (r <= 0) {
            if (r < 0)
                errno = (int)-r;
            free(s);
            return -1;
        }
        done += r;
    }
    free(s);
    return n;
}

int dprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vdprintf(fd, fmt, ap);
    va_end(ap);
    return r;
}

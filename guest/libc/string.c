/*
 * string.c - string.h and strings.h.
 *
 * The bulk primitives (memcpy, memmove, memset, memcmp, strlen, strcmp,
 * strncmp, strchr) are host calls, checked once and run at native speed;
 * the rest are plain loops over unsigned chars.  Comparisons return the
 * difference of the first differing bytes (as unsigned char), like glibc on
 * x86-64, so programs that print a strcmp result match.
 */
#define _GNU_SOURCE /* this file defines the GNU extensions too */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "libc.h"

/* ------------------------------------------------------------ memory */

void *memcpy(void *dst, const void *src, size_t n)
{
    if (n)
        __host_memcpy(dst, src, (long)n);
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    if (n)
        __host_memmove(dst, src, (long)n);
    return dst;
}

void *memset(void *s, int c, size_t n)
{
    if (n)
        __host_memset(s, c, (long)n);
    return s;
}

int memcmp(const void *a, const void *b, size_t n)
{
    if (n == 0 || __host_memcmp(a, b, (long)n) == 0)
        return 0;
    const unsigned char *p = a, *q = b;
    while (*p == *q)
        p++, q++;
    return *p - *q;
}

int bcmp(const void *a, const void *b, size_t n)
{
    return memcmp(a, b, n);
}

void bcopy(const void *src, void *dst, size_t n)
{
    memmove(dst, src, n);
}

void bzero(void *s, size_t n)
{
    memset(s, 0, n);
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    unsigned char ch = (unsigned char)c;
    for (; n; n--, p++)
        if (*p == ch)
            return (void *)p;
    return NULL;
}

void *memrchr(const void *s, int c, size_t n)
{
    const unsigned char *p = (const unsigned char *)s + n;
    unsigned char ch = (unsigned char)c;
    while (n--)
        if (*--p == ch)
            return (void *)p;
    return NULL;
}

void *memccpy(void *dst, const void *src, int c, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    unsigned char ch = (unsigned char)c;
    for (; n; n--) {
        unsigned char x = *s++;
        *d++ = x;
        if (x == ch)
            return d;
    }
    return NULL;
}

void *mempcpy(void *dst, const void *src, size_t n)
{
    return (char *)memcpy(dst, src, n) + n;
}

void *memmem(const void *hay, size_t hn, const void *needle, size_t nn)
{
    const unsigned char *h = hay;
    const unsigned char *nd = needle;
    if (nn == 0)
        return (void *)hay;
    if (hn < nn)
        return NULL;
    for (size_t i = 0; i + nn <= hn; i++)
        if (h[i] == nd[0] && memcmp(h + i, nd, nn) == 0)
            return (void *)(h + i);
    return NULL;
}

/* ------------------------------------------------------------ copying */

size_t strlen(const char *s)
{
    return (size_t)__host_strlen(s);
}

size_t strnlen(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i])
        i++;
    return i;
}

char *strcpy(char *dst, const char *src)
{
    memcpy(dst, src, strlen(src) + 1);
    return dst;
}

char *stpcpy(char *dst, const char *src)
{
    size_t n = strlen(src);
    memcpy(dst, src, n + 1);
    return dst + n;
}

char *strncpy(char *dst, const char *src, size_t n)
{
    size_t k = strnlen(src, n);
    memcpy(dst, src, k);
    memset(dst + k, 0, n - k);
    return dst;
}

char *stpncpy(char *dst, const char *src, size_t n)
{
    size_t k = strnlen(src, n);
    memcpy(dst, src, k);
    memset(dst + k, 0, n - k);
    return dst + k;
}

char *strcat(char *dst, const char *src)
{
    strcpy(dst + strlen(dst), src);
    return dst;
}

char *strncat(char *dst, const char *src, size_t n)
{
    char *d = dst + strlen(dst);
    size_t k = strnlen(src, n);
    memcpy(d, src, k);
    d[k] = '\0';
    return dst;
}

char *strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *strndup(const char *s, size_t n)
{
    size_t k = strnlen(s, n);
    char *p = malloc(k + 1);
    if (p) {
        memcpy(p, s, k);
        p[k] = '\0';
    }
    return p;
}

/* ---------------------------------------------------------- comparing */

int strcmp(const char *a, const char *b)
{
    return __host_strcmp(a, b);
}

int strncmp(const char *a, const char *b, size_t n)
{
    /* n beyond LONG_MAX is no limit: no string is that long */
    return __host_strncmp(a, b, n > (size_t)LONG_MAX ? LONG_MAX : (long)n);
}

int strcoll(const char *a, const char *b)
{
    return strcmp(a, b);
}

size_t strxfrm(char *dst, const char *src, size_t n)
{
    size_t len = strlen(src);
    if (len < n)
        memcpy(dst, src, len + 1);
    return len;
}

int strcasecmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    int d;
    while ((d = tolower(*p) - tolower(*q)) == 0 && *p)
        p++, q++;
    return d;
}

int strncasecmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    int d = 0;
    for (; n; n--, p++, q++) {
        d = tolower(*p) - tolower(*q);
        if (d != 0 || !*p)
            break;
    }
    return d;
}

/* ---------------------------------------------------------- searching */

char *strchr(const char *s, int c)
{
    return __host_strchr(s, c);
}

char *strchrnul(const char *s, int c)
{
    char ch = (char)c;
    while (*s && *s != ch)
        s++;
    return (char *)s;
}

char *strrchr(const char *s, int c)
{
    char ch = (char)c;
    const char *found = NULL;
    for (;; s++) {
        if (*s == ch)
            found = s;
        if (!*s)
            return (char *)found;
    }
}

char *index(const char *s, int c)
{
    return strchr(s, c);
}

char *rindex(const char *s, int c)
{
    return strrchr(s, c);
}

/* A 256-bit membership set for the span functions. */
static void make_set(unsigned char set[32], const char *chars)
{
    memset(set, 0, 32);
    for (const unsigned char *p = (const unsigned char *)chars; *p; p++)
        set[*p >> 3] |= (unsigned char)(1u << (*p & 7));
}

#define IN_SET(set, c) ((set)[(c) >> 3] & (1u << ((c) & 7)))

size_t strspn(const char *s, const char *accept)
{
    unsigned char set[32];
    make_set(set, accept);
    const unsigned char *p = (const unsigned char *)s;
    while (*p && IN_SET(set, *p))
        p++;
    return (size_t)(p - (const unsigned char *)s);
}

size_t strcspn(const char *s, const char *reject)
{
    unsigned char set[32];
    make_set(set, reject);
    const unsigned char *p = (const unsigned char *)s;
    while (*p && !IN_SET(set, *p))
        p++;
    return (size_t)(p - (const unsigned char *)s);
}

char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}

char *strstr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0)
        return (char *)hay;
    for (; *hay; hay++)
        if (*hay == *needle && strncmp(hay, needle, n) == 0)
            return (char *)hay;
    return NULL;
}

char *strcasestr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (strncasecmp(hay, needle, n) == 0)
            return (char *)hay;
    return n == 0 ? (char *)hay : NULL;
}

char *strtok_r(char *s, const char *delim, char **save)
{
    if (!s)
        s = *save;
    s += strspn(s, delim);
    if (!*s) {
        *save = s;
        return NULL;
    }
    char *tok = s;
    s += strcspn(s, delim);
    if (*s)
        *s++ = '\0';
    *save = s;
    return tok;
}

static char *strtok_state;

char *strtok(char *s, const char *delim)
{
    if (!s && !strtok_state)
        return NULL;
    return strtok_r(s, delim, &strtok_state);
}

char *strsep(char **sp, const char *delim)
{
    char *s = *sp;
    if (!s)
        return NULL;
    char *e = s + strcspn(s, delim);
    if (*e) {
        *e = '\0';
        *sp = e + 1;
    } else {
        *sp = NULL;
    }
    return s;
}

/* ------------------------------------------------------------ bits */

int ffs(int i)
{
    return ffsll((unsigned int)i);
}

int ffsl(long i)
{
    return ffsll(i);
}

int ffsll(long long i)
{
    unsigned long long u = (unsigned long long)i;
    if (!u)
        return 0;
    int n = 1;
    while (!(u & 1)) {
        u >>= 1;
        n++;
    }
    return n;
}

/* ------------------------------------------------------------ messages */

/* glibc's texts for the Linux error numbers; NULL = "Unknown error N". */
static const char *const error_texts[] = {
    "Success", /* 0  */
    "Operation not permitted", /* 1 EPERM */
    "No such file or directory", /* 2 ENOENT */
    "No such process", /* 3 ESRCH */
    "Interrupted system call", /* 4 EINTR */
    "Input/output error", /* 5 EIO */
    "No such device or address", /* 6 ENXIO */
    "Argument list too long", /* 7 E2BIG */
    "Exec format error", /* 8 ENOEXEC */
    "Bad file descriptor", /* 9 EBADF */
    "No child processes", /* 10 ECHILD */
    "Resource temporarily unavailable", /* 11 EAGAIN */
    "Cannot allocate memory", /* 12 ENOMEM */
    "Permission denied", /* 13 EACCES */
    "Bad address", /* 14 EFAULT */
    "Block device required", /* 15 ENOTBLK */
    "Device or resource busy", /* 16 EBUSY */
    "File exists", /* 17 EEXIST */
    "Invalid cross-device link", /* 18 EXDEV */
    "No such device", /* 19 ENODEV */
    "Not a directory", /* 20 ENOTDIR */
    "Is a directory", /* 21 EISDIR */
    "Invalid argument", /* 22 EINVAL */
    "Too many open files in system", /* 23 ENFILE */
    "Too many open files", /* 24 EMFILE */
    "Inappropriate ioctl for device", /* 25 ENOTTY */
    "Text file busy", /* 26 ETXTBSY */
    "File too large", /* 27 EFBIG */
    "No space left on device", /* 28 ENOSPC */
    "Illegal seek", /* 29 ESPIPE */
    "Read-only file system", /* 30 EROFS */
    "Too many links", /* 31 EMLINK */
    "Broken pipe", /* 32 EPIPE */
    "Numerical argument out of domain", /* 33 EDOM */
    "Numerical result out of range", /* 34 ERANGE */
    "Resource deadlock avoided", /* 35 EDEADLK */
    "File name too long", /* 36 ENAMETOOLONG */
    "No locks available", /* 37 ENOLCK */
    "Function not implemented", /* 38 ENOSYS */
    "Directory not empty", /* 39 ENOTEMPTY */
    "Too many levels of symbolic links", /* 40 ELOOP */
    NULL, /* 41 */
    "No message of desired type", /* 42 ENOMSG */
    "Identifier removed", /* 43 EIDRM */
    "Channel number out of range", /* 44 ECHRNG */
    "Level 2 not synchronized", /* 45 EL2NSYNC */
    "Level 3 halted", /* 46 EL3HLT */
    "Level 3 reset", /* 47 EL3RST */
    "Link number out of range", /* 48 ELNRNG */
    "Protocol driver not attached", /* 49 EUNATCH */
    "No CSI structure available", /* 50 ENOCSI */
    "Level 2 halted", /* 51 EL2HLT */
    "Invalid exchange", /* 52 EBADE */
    "Invalid request descriptor", /* 53 EBADR */
    "Exchange full", /* 54 EXFULL */
    "No anode", /* 55 ENOANO */
    "Invalid request code", /* 56 EBADRQC */
    "Invalid slot", /* 57 EBADSLT */
    NULL, /* 58 */
    "Bad font file format", /* 59 EBFONT */
    "Device not a stream", /* 60 ENOSTR */
    "No data available", /* 61 ENODATA */
    "Timer expired", /* 62 ETIME */
    "Out of streams resources", /* 63 ENOSR */
    "Machine is not on the network", /* 64 ENONET */
    "Package not installed", /* 65 ENOPKG */
    "Object is remote", /* 66 EREMOTE */
    "Link has been severed", /* 67 ENOLINK */
    "Advertise error", /* 68 EADV */
    "Srmount error", /* 69 ESRMNT */
    "Communication error on send", /* 70 ECOMM */
    "Protocol error", /* 71 EPROTO */
    "Multihop attempted", /* 72 EMULTIHOP */
    "RFS specific error", /* 73 EDOTDOT */
    "Bad message", /* 74 EBADMSG */
    "Value too large for defined data type", /* 75 EOVERFLOW */
    "Name not unique on network", /* 76 ENOTUNIQ */
    "File descriptor in bad state", /* 77 EBADFD */
    "Remote address changed", /* 78 EREMCHG */
    "Can not access a needed shared library", /* 79 ELIBACC */
    "Accessing a corrupted shared library", /* 80 ELIBBAD */
    ".lib section in a.out corrupted", /* 81 ELIBSCN */
    "Attempting to link in too many shared libraries", /* 82 ELIBMAX */
    "Cannot exec a shared library directly", /* 83 ELIBEXEC */
    "Invalid or incomplete multibyte or wide character", /* 84 EILSEQ */
    "Interrupted system call should be restarted", /* 85 ERESTART */
    "Streams pipe error", /* 86 ESTRPIPE */
    "Too many users", /* 87 EUSERS */
    "Socket operation on non-socket", /* 88 ENOTSOCK */
    "Destination address required", /* 89 EDESTADDRREQ */
    "Message too long", /* 90 EMSGSIZE */
    "Protocol wrong type for socket", /* 91 EPROTOTYPE */
    "Protocol not available", /* 92 ENOPROTOOPT */
    "Protocol not supported", /* 93 EPROTONOSUPPORT */
    "Socket type not supported", /* 94 ESOCKTNOSUPPORT */
    "Operation not supported", /* 95 EOPNOTSUPP */
    "Protocol family not supported", /* 96 EPFNOSUPPORT */
    "Address family not supported by protocol", /* 97 EAFNOSUPPORT */
    "Address already in use", /* 98 EADDRINUSE */
    "Cannot assign requested address", /* 99 EADDRNOTAVAIL */
    "Network is down", /* 100 ENETDOWN */
    "Network is unreachable", /* 101 ENETUNREACH */
    "Network dropped connection on reset", /* 102 ENETRESET */
    "Software caused connection abort", /* 103 ECONNABORTED */
    "Connection reset by peer", /* 104 ECONNRESET */
    "No buffer space available", /* 105 ENOBUFS */
    "Transport endpoint is already connected", /* 106 EISCONN */
    "Transport endpoint is not connected", /* 107 ENOTCONN */
    "Cannot send after transport endpoint shutdown", /* 108 ESHUTDOWN */
    "Too many references: cannot splice", /* 109 ETOOMANYREFS */
    "Connection timed out", /* 110 ETIMEDOUT */
    "Connection refused", /* 111 ECONNREFUSED */
    "Host is down", /* 112 EHOSTDOWN */
    "No route to host", /* 113 EHOSTUNREACH */
    "Operation already in progress", /* 114 EALREADY */
    "Operation now in progress", /* 115 EINPROGRESS */
    "Stale file handle", /* 116 ESTALE */
    "Structure needs cleaning", /* 117 EUCLEAN */
    "Not a XENIX named type file", /* 118 ENOTNAM */
    "No XENIX semaphores available", /* 119 ENAVAIL */
    "Is a named type file", /* 120 EISNAM */
    "Remote I/O error", /* 121 EREMOTEIO */
    "Disk quota exceeded", /* 122 EDQUOT */
    "No medium found", /* 123 ENOMEDIUM */
    "Wrong medium type", /* 124 EMEDIUMTYPE */
    "Operation canceled", /* 125 ECANCELED */
    "Required key not available", /* 126 ENOKEY */
    "Key has expired", /* 127 EKEYEXPIRED */
    "Key has been revoked", /* 128 EKEYREVOKED */
    "Key was rejected by service", /* 129 EKEYREJECTED */
    "Owner died", /* 130 EOWNERDEAD */
    "State not recoverable", /* 131 ENOTRECOVERABLE */
    "Operation not possible due to RF-kill", /* 132 ERFKILL */
    "Memory page has hardware error", /* 133 EHWPOISON */
};

static char unknown_buf[48];

static const char *error_text(int n)
{
    if (n >= 0 && n < (int)(sizeof error_texts / sizeof error_texts[0]) && error_texts[n])
        return error_texts[n];
    return NULL;
}

char *strerror(int errnum)
{
    const char *t = error_text(errnum);
    if (t)
        return (char *)t;
    snprintf(unknown_buf, sizeof unknown_buf, "Unknown error %d", errnum);
    return unknown_buf;
}

int strerror_r(int errnum, char *buf, size_t n)
{
    const char *t = error_text(errnum);
    char tmp[48];
    if (!t) {
        snprintf(tmp, sizeof tmp, "Unknown error %d", errnum);
        t = tmp;
    }
    size_t len = strlen(t);
    if (n == 0)
        return ERANGE;
    if (len >= n) {
        memcpy(buf, t, n - 1);
        buf[n - 1] = '\0';
        return ERANGE;
    }
    memcpy(buf, t, len + 1);
    return error_text(errnum) ? 0 : EINVAL;
}

static const char *const signal_texts[] = {
    NULL, "Hangup", "Interrupt", "Quit", "Illegal instruction", "Trace/breakpoint trap",
    "Aborted", "Bus error", "Floating point exception", "Killed", "User defined signal 1",
    "Segmentation fault", "User defined signal 2", "Broken pipe", "Alarm clock", "Terminated",
    "Stack fault", "Child exited", "Continued", "Stopped (signal)", "Stopped",
    "Stopped (tty input)", "Stopped (tty output)", "Urgent I/O condition",
    "CPU time limit exceeded", "File size limit exceeded", "Virtual timer expired",
    "Profiling timer expired", "Window changed", "I/O possible", "Power failure",
    "Bad system call",
};

static char signal_buf[48];

char *strsignal(int sig)
{
    if (sig > 0 && sig < 32)
        return (char *)signal_texts[sig];
    if (sig >= 34 && sig <= 64)
        snprintf(signal_buf, sizeof signal_buf, "Real-time signal %d", sig - 34);
    else
        snprintf(signal_buf, sizeof signal_buf, "Unknown signal %d", sig);
    return signal_buf;
}

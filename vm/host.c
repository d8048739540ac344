/*
 * host.c - host calls: the services the guest C library imports by name
 * (I/O through the guest fd table, exit, clocks, getenv, libm, and the hot
 * memory primitives).
 *
 * How it works
 * - guest/libc/host_calls.h is the one list, shared with the guest library:
 *   host_defs is built from it (name, return and parameter type letters, see
 *   VmHostDef, pointer checks, implementation h_NAME).  The loader binds each import
 *   of a module by name and checks its signature against the table, so an
 *   implementation can trust the number and types of its arguments.
 * - Every pointer argument is checked like a load or store: a buffer of n
 *   bytes must lie inside one live block (writes also need a writable one);
 *   a bad pointer is a guest fault "host call 'NAME': REASON".
 * - Errors of the host are returned as negative errno values.
 *
 * Invariants
 * - No implementation allocates guest blocks (the interpreter keeps the
 *   pointer-table base in a local across host calls).
 * - Host pointers into blocks are used only inside one call.
 */
#include "vm/internal.h"

#include "guest/libc/host_calls.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------- guest buffers */

static uint8_t *guest_buf(VmProcess *p, uint64_t ptr, uint64_t n, bool write, const char *call)
{
    if (n == 0)
        return NULL;
    uint8_t *m = write ? gc_write_ptr(&p->heap, ptr, n) : gc_read_ptr(&p->heap, ptr, n);
    GcFault f;
    if (!m && write)
        m = vm__store_slow(p, ptr, n, &f); /* first store in this epoch */
    if (!m) {
        char prefix[64];
        snprintf(prefix, sizeof prefix, "host call '%s'", call);
        vm__access_fault(p, ptr, n, write, prefix);
    }
    return m;
}

uint8_t *vm__guest_read(VmProcess *p, uint64_t ptr, uint64_t n, const char *call)
{
    return guest_buf(p, ptr, n, false, call);
}

uint8_t *vm__guest_write(VmProcess *p, uint64_t ptr, uint64_t n, const char *call)
{
    return guest_buf(p, ptr, n, true, call);
}

/* Host address of the bytes at ptr, and how many of them its block holds
 * from there (at least one; faults as a load of one byte would). */
static const uint8_t *guest_bytes(VmProcess *p, uint64_t ptr, uint32_t *avail)
{
    const uint8_t *m = gc_read_ptr(&p->heap, ptr, 1);
    if (!m)
        vm__access_fault(p, ptr, 1, false, NULL);
    *avail = p->heap.tab[(uint32_t)(ptr >> 32)].size - (uint32_t)ptr;
    return m;
}

static _Noreturn void unterminated(VmProcess *p, uint64_t ptr, uint32_t avail, const char *call)
{
    vm__fault(p, "host call '%s': string is not terminated before the end of its block "
              "(%u bytes from offset %u)", call, avail, (uint32_t)ptr);
}

/* Length of the NUL-terminated string at ptr; faults if the block ends first. */
static uint64_t guest_strlen(VmProcess *p, uint64_t ptr, const char *call)
{
    uint32_t avail;
    const uint8_t *m = guest_bytes(p, ptr, &avail);
    const uint8_t *nul = memchr(m, 0, avail);
    if (!nul)
        unterminated(p, ptr, avail, call);
    return (uint64_t)(nul - m);
}

/* Host address of the C string at ptr (checked). */
static const char *guest_str(VmProcess *p, uint64_t ptr, const char *call)
{
    guest_strlen(p, ptr, call);
    return (const char *)gc_read_ptr(&p->heap, ptr, 1);
}

static VmSlot i32(int32_t v)
{
    VmSlot s;
    s.u64 = (uint32_t)v;
    return s;
}

static VmSlot i64(int64_t v)
{
    VmSlot s;
    s.i64 = v;
    return s;
}

static VmSlot f64(double v)
{
    VmSlot s;
    s.f64 = v;
    return s;
}

static int64_t neg_errno(void)
{
    return -(int64_t)errno;
}

/* ------------------------------------------------------ fd table */

/* Guest fds name entries of p->files, so the guest cannot close the VM's own
 * descriptors and a resumed process can re-open its files by path (see
 * VmFile).  Guest fds are allocated lowest first, like POSIX. */

#define VM_MAX_FILES 1024u

static int files_init(VmProcess *p)
{
    if (p->files)
        return 0;
    p->files = calloc(3, sizeof *p->files);
    if (!p->files)
        return -ENOMEM;
    for (int i = 0; i < 3; i++)
        p->files[i] = (VmFile){.host = i, .flags = i == 0 ? 0 : 1, .path = NULL};
    p->nfiles = 3;
    return 0;
}

int vm__host_fd(const VmProcess *p, int32_t fd)
{
    if (!p->files)
        return fd >= 0 && fd <= 2 ? fd : -1;
    return fd >= 0 && (uint32_t)fd < p->nfiles ? p->files[fd].host : -1;
}

int vm__file_set(VmProcess *p, uint32_t fd, int host, int32_t flags, const char *path)
{
    if (files_init(p) < 0)
        return FIR_ENOMEM;
    if (fd >= VM_MAX_FILES)
        return FIR_EINVAL;
    if (fd >= p->nfiles) {
        VmFile *t = realloc(p->files, (fd + 1) * sizeof *t);
        if (!t)
            return FIR_ENOMEM;
        for (uint32_t i = p->nfiles; i <= fd; i++)
            t[i] = (VmFile){.host = -1, .flags = 0, .path = NULL};
        p->files = t;
        p->nfiles = fd + 1;
    }
    VmFile *f = &p->files[fd];
    if (f->host >= 0 && !(fd <= 2 && f->host == (int)fd))
        return FIR_EINVAL;
    char *copy = NULL;
    if (path && !(copy = strdup(path)))
        return FIR_ENOMEM;
    free(f->path);
    *f = (VmFile){.host = host, .flags = flags, .path = copy};
    return 0;
}

void vm__files_close(VmProcess *p)
{
    for (uint32_t i = 0; i < p->nfiles; i++) {
        if (p->files[i].host > 2)
            close(p->files[i].host);
        free(p->files[i].path);
    }
    free(p->files);
    p->files = NULL;
    p->nfiles = 0;
}

static int host_open_flags(int32_t f);

int vm__file_reopen(VmProcess *p, uint32_t fd, int32_t flags, const char *path,
                    int64_t offset, FirError *err)
{
    if (!path) {
        if (fd > 2)
            return fir_error_set(err, FIR_EFORMAT, "file %u has no path", fd);
        if (files_init(p) < 0)
            return fir_error_set(err, FIR_ENOMEM, "out of memory");
        p->files[fd].host = (int)fd;
        p->files[fd].flags = flags;
        return 0;
    }
    int host = open(path, host_open_flags(flags & ~(0100 | 0200 | 01000)));
    if (host < 0)
        return fir_error_set(err, FIR_EIO, "cannot re-open '%s' as fd %u: %s", path, fd,
                             strerror(errno));
    if (offset >= 0 && lseek(host, (off_t)offset, SEEK_SET) < 0) {
        int e = errno;
        close(host);
        return fir_error_set(err, FIR_EIO, "cannot seek '%s' (fd %u) to offset %lld: %s",
                             path, fd, (long long)offset, strerror(e));
    }
    int rc = vm__file_set(p, fd, host, flags, path);
    if (rc < 0) {
        close(host);
        return fir_error_set(err, rc, "cannot install fd %u for '%s'", fd, path);
    }
    return 0;
}

void vm__file_forget(VmProcess *p, uint32_t fd)
{
    if (fd <= 2 && files_init(p) == 0 && p->files[fd].host == (int)fd)
        p->files[fd].host = -1;
}

/* The lowest closed guest fd for host fd `host`, or a negative errno. */
static int32_t file_add(VmProcess *p, int host, int32_t flags, const char *path)
{
    if (files_init(p) < 0)
        return -ENOMEM;
    uint32_t fd = 0;
    while (fd < p->nfiles && p->files[fd].host >= 0)
        fd++;
    if (fd >= VM_MAX_FILES)
        return -EMFILE;
    char *abs = realpath(path, NULL); /* re-opened by path after a move */
    int rc = vm__file_set(p, fd, host, flags, abs ? abs : path);
    free(abs);
    return rc < 0 ? -ENOMEM : (int32_t)fd;
}

/* -------------------------------------------------------------- I/O */

static VmSlot h_write(VmProcess *p, const VmSlot *a)
{
    if (a[2].i64 < 0)
        return i64(-EINVAL);
    const uint8_t *buf = vm__guest_read(p, a[1].u64, a[2].u64, "write");
    int64_t held;
    if (vm__spec_write(p, a[0].i32, buf, a[2].u64, &held)) /* inside a speculation */
        return i64(held);
    ssize_t n;
    do
        n = write(vm__host_fd(p, a[0].i32), buf ? (const void *)buf : "", (size_t)a[2].u64);
    while (n < 0 && errno == EINTR);
    return i64(n < 0 ? neg_errno() : n);
}

static VmSlot h_read(VmProcess *p, const VmSlot *a)
{
    if (a[2].i64 < 0)
        return i64(-EINVAL);
    uint8_t *buf = vm__guest_write(p, a[1].u64, a[2].u64, "read");
    int64_t replayed;
    if (vm__spec_read(p, a[0].i32, buf, a[2].u64, &replayed)) /* input of a rollback */
        return i64(replayed);
    uint8_t dummy;
    ssize_t n;
    do
        n = read(vm__host_fd(p, a[0].i32), buf ? (void *)buf : &dummy, (size_t)a[2].u64);
    while (n < 0 && errno == EINTR);
    vm__spec_read_done(p, a[0].i32, buf, n);
    return i64(n < 0 ? neg_errno() : n);
}

/* Linux x86-64 open flags, the FIR ABI, to the host's. */
static int host_open_flags(int32_t f)
{
    int h = (f & 3) == 1 ? O_WRONLY : (f & 3) == 2 ? O_RDWR : O_RDONLY;
    if (f & 0100)
        h |= O_CREAT;
    if (f & 0200)
        h |= O_EXCL;
    if (f & 01000)
        h |= O_TRUNC;
    if (f & 02000)
        h |= O_APPEND;
    return h | O_CLOEXEC;
}

static VmSlot h_open(VmProcess *p, const VmSlot *a)
{
    const char *path = guest_str(p, a[0].u64, "open");
    int fd = open(path, host_open_flags(a[1].i32), (mode_t)(a[2].u32 & 07777));
    if (fd < 0)
        return i32((int32_t)neg_errno());
    int32_t g = file_add(p, fd, a[1].i32, path);
    if (g < 0)
        close(fd);
    vm__spec_opened(p, g);
    return i32(g);
}

int32_t vm__file_close(VmProcess *p, int32_t fd)
{
    if (vm__host_fd(p, fd) < 0)
        return -EBADF;
    if (files_init(p) < 0)
        return -ENOMEM;
    VmFile *f = &p->files[fd];
    int host = f->host, rc = 0;
    f->host = -1;
    free(f->path);
    f->path = NULL;
    if (host > 2) /* the VM's own stdin/stdout/stderr stay open */
        rc = close(host);
    return rc < 0 ? (int32_t)neg_errno() : 0;
}

static VmSlot h_close(VmProcess *p, const VmSlot *a)
{
    int32_t held;
    if (vm__spec_close(p, a[0].i32, &held)) /* inside a speculation */
        return i32(held);
    return i32(vm__file_close(p, a[0].i32));
}

static VmSlot h_lseek(VmProcess *p, const VmSlot *a)
{
    int w = a[2].i32 == 0 ? SEEK_SET : a[2].i32 == 1 ? SEEK_CUR : a[2].i32 == 2 ? SEEK_END : -1;
    if (w < 0)
        return i64(-EINVAL);
    off_t r = lseek(vm__host_fd(p, a[0].i32), (off_t)a[1].i64, w);
    return i64(r < 0 ? neg_errno() : (int64_t)r);
}

static VmSlot h_unlink(VmProcess *p, const VmSlot *a)
{
    const char *path = guest_str(p, a[0].u64, "unlink");
    return i32(unlink(path) < 0 ? (int32_t)neg_errno() : 0);
}

static VmSlot h_rename(VmProcess *p, const VmSlot *a)
{
    const char *from = guest_str(p, a[0].u64, "rename");
    const char *to = guest_str(p, a[1].u64, "rename");
    return i32(rename(from, to) < 0 ? (int32_t)neg_errno() : 0);
}

static VmSlot h_isatty(VmProcess *p, const VmSlot *a)
{
    return i32(isatty(vm__host_fd(p, a[0].i32)) ? 1 : 0);
}

/* ---------------------------------------------------- process, clocks */

static VmSlot h_exit(VmProcess *p, const VmSlot *a)
{
    vm__exit(p, a[0].i32);
}

static VmSlot h_clock(VmProcess *p, const VmSlot *a)
{
    (void)p;
    (void)a;
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
        return i64(-1);
    return i64((int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000);
}

static VmSlot h_time(VmProcess *p, const VmSlot *a)
{
    (void)p;
    (void)a;
    return i64((int64_t)time(NULL));
}

static VmSlot h_time_ns(VmProcess *p, const VmSlot *a)
{
    (void)p;
    struct timespec ts;
    clockid_t c = a[0].i32 == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC;
    if (a[0].i32 != 0 && a[0].i32 != 1)
        return i64(-EINVAL);
    if (clock_gettime(c, &ts) < 0)
        return i64(neg_errno());
    return i64((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
}

static VmSlot h_getenv(VmProcess *p, const VmSlot *a)
{
    const char *name = guest_str(p, a[0].u64, "getenv");
    const char *v = getenv(name);
    if (!v)
        return i64(-1);
    uint64_t len = strlen(v);
    if (a[2].i64 > 0) {
        uint64_t n = (uint64_t)a[2].i64;
        uint64_t copy = len < n - 1 ? len : n - 1;
        uint8_t *buf = vm__guest_write(p, a[1].u64, copy + 1, "getenv");
        memcpy(buf, v, copy);
        buf[copy] = 0;
    }
    return i64((int64_t)len);
}

/* ------------------------------------------------------------ memory */

static VmSlot h_memcpy(VmProcess *p, const VmSlot *a)
{
    uint8_t *d = vm__guest_write(p, a[0].u64, a[2].u64, "memcpy");
    const uint8_t *s = vm__guest_read(p, a[1].u64, a[2].u64, "memcpy");
    if (a[2].u64)
        memmove(d, s, (size_t)a[2].u64); /* overlap is the guest's bug, not the host's */
    return a[0];
}

static VmSlot h_memmove(VmProcess *p, const VmSlot *a)
{
    uint8_t *d = vm__guest_write(p, a[0].u64, a[2].u64, "memmove");
    const uint8_t *s = vm__guest_read(p, a[1].u64, a[2].u64, "memmove");
    if (a[2].u64)
        memmove(d, s, (size_t)a[2].u64);
    return a[0];
}

static VmSlot h_memset(VmProcess *p, const VmSlot *a)
{
    uint8_t *d = vm__guest_write(p, a[0].u64, a[2].u64, "memset");
    if (a[2].u64)
        memset(d, (uint8_t)a[1].u32, (size_t)a[2].u64);
    return a[0];
}

static VmSlot h_memcmp(VmProcess *p, const VmSlot *a)
{
    const uint8_t *x = vm__guest_read(p, a[0].u64, a[2].u64, "memcmp");
    const uint8_t *y = vm__guest_read(p, a[1].u64, a[2].u64, "memcmp");
    int c = a[2].u64 ? memcmp(x, y, (size_t)a[2].u64) : 0;
    return i32(c < 0 ? -1 : c > 0);
}

static VmSlot h_strlen(VmProcess *p, const VmSlot *a)
{
    return i64((int64_t)guest_strlen(p, a[0].u64, "strlen"));
}

/* strcmp and strncmp (limit: at most that many bytes): they read, as the C
 * loop does, only up to the first difference or NUL; a string whose block
 * ends first faults. */
static int32_t compare_strings(VmProcess *p, uint64_t a, uint64_t b, uint64_t limit,
                               const char *call)
{
    uint32_t na, nb;
    const uint8_t *x = guest_bytes(p, a, &na);
    const uint8_t *y = guest_bytes(p, b, &nb);
    uint64_t n = na < nb ? na : nb;
    for (uint64_t i = 0; i < n && i < limit; i++)
        if (x[i] != y[i] || !x[i])
            return (int32_t)x[i] - (int32_t)y[i];
    if (n >= limit)
        return 0;
    if (na <= nb)
        unterminated(p, a, na, call);
    unterminated(p, b, nb, call);
}

static VmSlot h_strcmp(VmProcess *p, const VmSlot *a)
{
    return i32(compare_strings(p, a[0].u64, a[1].u64, UINT64_MAX, "strcmp"));
}

static VmSlot h_strncmp(VmProcess *p, const VmSlot *a)
{
    if (a[2].u64 == 0)
        return i32(0);
    return i32(compare_strings(p, a[0].u64, a[1].u64, a[2].u64, "strncmp"));
}

/* The first c (as a char) in the string at s, its NUL included; 0 (NULL)
 * when it is not there. */
static VmSlot h_strchr(VmProcess *p, const VmSlot *a)
{
    uint32_t n;
    const uint8_t *m = guest_bytes(p, a[0].u64, &n);
    uint8_t c = (uint8_t)a[1].u32;
    for (uint32_t i = 0; i < n; i++) {
        if (m[i] == c)
            return i64((int64_t)(a[0].u64 + i));
        if (!m[i])
            return i64(0);
    }
    unterminated(p, a[0].u64, n, "strchr");
}

/* -------------------------------------------------------------- math */

#define VM_MATH1_FN(f, rule) \
    static VmSlot h_##f(VmProcess *p, const VmSlot *a) { (void)p; return f64(f(a[0].f64)); }
#define VM_MATH2_FN(f, rule)                                 \
    static VmSlot h_##f(VmProcess *p, const VmSlot *a)       \
    {                                                        \
        (void)p;                                             \
        return f64(f(a[0].f64, a[1].f64));                   \
    }
HOST_MATH1(VM_MATH1_FN)
HOST_MATH2(VM_MATH2_FN)

static VmSlot h_fma(VmProcess *p, const VmSlot *a)
{
    (void)p;
    return f64(fma(a[0].f64, a[1].f64, a[2].f64));
}

static VmSlot h_ldexp(VmProcess *p, const VmSlot *a)
{
    (void)p;
    return f64(ldexp(a[0].f64, a[1].i32));
}

/* ---------------------------------------------------------- messages */

/* The message operations of guest/libc/msg.c, carried out by the hooks that
 * dist/ installs (vm_set_msg_hooks).  The one parameter that matters is the
 * library's state block: the request (operation, peer, buffer, length,
 * argument) is in it, and the buffer it names is checked here like any
 * host-call buffer. */
static uint64_t st_u(const uint8_t *b, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = n; i-- > 0;)
        v = v << 8 | b[i];
    return v;
}

static VmSlot h_msg(VmProcess *p, const VmSlot *a)
{
    uint8_t *st = vm__guest_write(p, a[0].u64, VM_MSG_STATE_BYTES, "msg");
    if (a[1].i64 != VM_MSG_STATE_BYTES)
        return i64(-EINVAL);
    int32_t op = (int32_t)st_u(st + VM_MSG_REQ_OP, 4);
    int32_t peer = (int32_t)st_u(st + VM_MSG_REQ_PEER, 4);
    int64_t len = (int64_t)st_u(st + VM_MSG_REQ_LEN, 8);
    int64_t arg = (int64_t)st_u(st + VM_MSG_REQ_ARG, 8);
    uint64_t ptr = st_u(st + VM_MSG_REQ_BUF, 8);
    if (!p->msg.msg)
        return i64(op == VM_MSG_RANK ? 0 : op == VM_MSG_SIZE ? 1 : VM_MSG_ENOTDIST);
    if (len < 0)
        return i64(-EINVAL);
    uint8_t *buf = NULL;
    uint64_t n = (uint64_t)len;
    if (op == VM_MSG_SEND || op == VM_MSG_RESTORE)
        buf = (uint8_t *)vm__guest_read(p, ptr, n, "msg");
    else if (op == VM_MSG_RECV || op == VM_MSG_CKPT_PATH || op == VM_MSG_CKPT_LOG)
        buf = vm__guest_write(p, ptr, n, "msg");
    else
        n = 0;
    return i64(p->msg.msg(p, op, peer, buf, n, arg, st, p->msg.ctx));
}

/* ------------------------------------------------------------- table */

/* The rows of guest/libc/host_calls.h, as type letters (VmHostDef) and
 * pointer checks: - none, r read, w written, s string. */
#define VM_RET_VOID 'v'
#define VM_RET_INT 'i'
#define VM_RET_LONG 'l'
#define VM_RET_DOUBLE 'd'
#define VM_RET_PTR 'p'
#define VM_PAR_INT "i"
#define VM_PAR_LONG "l"
#define VM_PAR_DOUBLE "d"
#define VM_PAR_IN "p"
#define VM_PAR_OUT "p"
#define VM_PAR_STR "p"
#define VM_CHK_INT "-"
#define VM_CHK_LONG "-"
#define VM_CHK_DOUBLE "-"
#define VM_CHK_IN "r"
#define VM_CHK_OUT "w"
#define VM_CHK_STR "s"
#define VM_DEF(name, r, params, checks) {#name, VM_RET_##r, params, checks, h_##name},
#define VM_DEF0(name, r) VM_DEF(name, r, "", "")
#define VM_DEF1(name, r, a) VM_DEF(name, r, VM_PAR_##a, VM_CHK_##a)
#define VM_DEF2(name, r, a, b) \
    VM_DEF(name, r, VM_PAR_##a VM_PAR_##b, VM_CHK_##a VM_CHK_##b)
#define VM_DEF3(name, r, a, b, c) \
    VM_DEF(name, r, VM_PAR_##a VM_PAR_##b VM_PAR_##c, VM_CHK_##a VM_CHK_##b VM_CHK_##c)
#define VM_DEF_MATH1(name, rule) VM_DEF1(name, DOUBLE, DOUBLE)
#define VM_DEF_MATH2(name, rule) VM_DEF2(name, DOUBLE, DOUBLE, DOUBLE)

static const VmHostDef host_defs[] = {
    HOST_CALLS(VM_DEF0, VM_DEF1, VM_DEF2, VM_DEF3)
    HOST_MATH1(VM_DEF_MATH1)
    HOST_MATH2(VM_DEF_MATH2)
};

const VmHostDef *vm__host_find(const char *name)
{
    for (size_t i = 0; i < sizeof host_defs / sizeof *host_defs; i++)
        if (strcmp(host_defs[i].name, name) == 0)
            return &host_defs[i];
    return NULL;
}

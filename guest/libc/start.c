/*
 * start.c - program start and end, errno, atexit, abort, signals, assert.
 *
 * __fir_start is the VM's entry: it records the program name, calls main and
 * passes its result to exit().  exit() runs the atexit handlers in reverse
 * order of registration (handlers may register more; those run too), flushes
 * every stream and ends the process with host exit.  abort() does not flush:
 * like glibc's, buffered output is lost and the status is 134 (SIGABRT).
 *
 * There are no asynchronous signals: signal() records handlers and raise()
 * runs them synchronously or applies the default action.
 */
#include <assert.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "libc.h"

int errno;
const char *__libc_progname = "";

int main(int argc, char **argv);

int __fir_start(int argc, char **argv)
{
    if (argc > 0 && argv && argv[0]) {
        const char *p = argv[0];
        __libc_progname = p;
        for (; *p; p++)
            if (*p == '/')
                __libc_progname = p + 1;
    }
    exit(main(argc, argv));
}

/* ------------------------------------------------------------ atexit */

/* Handler lists grow on the heap; the first 32 entries need no allocation,
 * so the 32 registrations C guarantees cannot fail. */
#define FIXED_HANDLERS 32

typedef struct HandlerList {
    void (*fixed[FIXED_HANDLERS])(void);
    void (**more)(void);
    int n, cap_more;
} HandlerList;

static HandlerList atexit_list;
static HandlerList quick_list;

static int add_handler(HandlerList *l, void (*func)(void))
{
    if (l->n < FIXED_HANDLERS) {
        l->fixed[l->n++] = func;
        return 0;
    }
    int i = l->n - FIXED_HANDLERS;
    if (i >= l->cap_more) {
        int cap = l->cap_more ? 2 * l->cap_more : 32;
        void (**p)(void) = realloc(l->more, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        l->more = p;
        l->cap_more = cap;
    }
    l->more[i] = func;
    l->n++;
    return 0;
}

static void run_handlers(HandlerList *l)
{
    while (l->n > 0) {
        int i = --l->n;
        void (*func)(void) = i < FIXED_HANDLERS ? l->fixed[i] : l->more[i - FIXED_HANDLERS];
        func();
    }
}

int atexit(void (*func)(void))
{
    return add_handler(&atexit_list, func);
}

int at_quick_exit(void (*func)(void))
{
    return add_handler(&quick_list, func);
}

_Noreturn void exit(int status)
{
    run_handlers(&atexit_list);
    __libc_stdio_flush_all();
    __host_exit(status);
    for (;;) {
    }
}

_Noreturn void _Exit(int status)
{
    __host_exit(status);
    for (;;) {
    }
}

_Noreturn void quick_exit(int status)
{
    run_handlers(&quick_list);
    _Exit(status);
}

/* ------------------------------------------------------------ signals */

static __sighandler_t handlers[NSIG];

__sighandler_t signal(int sig, __sighandler_t handler)
{
    if (sig <= 0 || sig >= NSIG || sig == SIGKILL || sig == SIGSTOP) {
        errno = EINVAL;
        return SIG_ERR;
    }
    __sighandler_t old = handlers[sig];
    handlers[sig] = handler;
    return old;
}

int raise(int sig)
{
    if (sig <= 0 || sig >= NSIG) {
        errno = EINVAL;
        return -1;
    }
    __sighandler_t h = handlers[sig];
    if (h == SIG_IGN)
        return 0;
    if (h == SIG_DFL) {
        switch (sig) {
        case SIGCHLD: case SIGCONT: case SIGURG: case SIGWINCH:
            return 0;
        default:
            /* Terminated by the signal: a shell reports 128 + number. */
            __host_exit(128 + sig);
            return 0;
        }
    }
    h(sig);
    return 0;
}

_Noreturn void __libc_die_abort(void)
{
    __host_exit(128 + SIGABRT);
    for (;;) {
    }
}

/* Like glibc: a SIGABRT handler runs first; if it returns, the process
 * still ends.  Streams are not flushed. */
_Noreturn void abort(void)
{
    __sighandler_t h = handlers[SIGABRT];
    if (h != SIG_DFL && h != SIG_IGN && h != SIG_ERR) {
        handlers[SIGABRT] = SIG_DFL;
        h(SIGABRT);
    }
    __libc_die_abort();
}

/* ------------------------------------------------------------ assert */

_Noreturn void __assert_fail(const char *expr, const char *file, unsigned int line,
                             const char *func)
{
    fprintf(stderr, "%s%s%s:%u: %s%sAssertion `%s' failed.\n", __libc_progname,
            __libc_progname[0] ? ": " : "", file, line, func ? func : "", func ? ": " : "",
            expr);
    abort();
}

/*
 * dist.h - ranks of one program on several VMs: messages between them,
 * distributed speculations, the failure detector and the launcher.  The one
 * public header of dist/ (DESIGN.md "Distributed speculations").
 *
 * Use (one rank; firvm/main.c):
 *     DistConfig c = {.rank = r, .size = n, .dir = DIR, .key = &key, ...};
 *     Dist *d;
 *     if (dist_new(&d, &c, &err) < 0) ...     listens, publishes DIR/rank.R
 *     dist_install(d, p);                      p's msg host call and level events
 *     vm_run(p);  ...  vm_process_free(p);  dist_free(d);
 *
 * Ranks meet through a rendezvous directory that every rank can read: rank
 * R listens on an ephemeral port of cfg.host and writes "HOST:PORT" to
 * DIR/rank.R (temporary name, then rename); ranks connect lazily, at their
 * first message operation, higher ranks to lower ones (a resurrected rank
 * to all).  Every connection is authenticated with the Ed25519 keys of
 * migration and encrypted (frame.h).
 *
 * Launcher: dist_launch starts N ranks of one program on this machine,
 * each `firvm --dist-rank R --dist-size N --dist-dir DIR ...`, and
 * resurrects a rank that dies of a signal from DIR/rank.R.img, its last
 * msg_checkpoint(), as incarnation k+1 (from the program's start if it has
 * none).
 */
#ifndef DIST_H
#define DIST_H

#include "fir/fir.h"
#include "migrate/netvm.h"
#include "transport/net.h"
#include "vm/vm.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Dist Dist;

typedef struct DistConfig {
    uint32_t rank, size;          /* size <= 64 */
    uint32_t incarnation;         /* 0 at the first start; +1 at each resurrection */
    const char *dir;              /* rendezvous directory */
    bool remove_dir;              /* remove it at the end if empty (made for this run) */
    const char *host;             /* address to listen on (default 127.0.0.1) */
    const MigKey *key;            /* required */
    const MigKeyList *authorized; /* peers accepted; NULL: the own key only */
    uint32_t timeout_ms;          /* connecting to a peer, checkpoint and exit barriers */
    uint32_t kill_after;          /* test: SIGKILL this VM at its N-th send (incarnation 0) */
    FILE *log;                    /* one line per event worth telling (NULL: none) */
    const char *launcher;         /* "HOST:PORT" of the --hosts launcher: addresses come
                                     from it, not from dir; output and images go to it */
} DistConfig;

/* With FIRVM_DIST_TIMESTAMPS=1, "SECONDS.MICROS " (wall clock) for the
 * start of a log line, else "" (make bench-cluster times recovery with it). */
void dist_stamp(char *buf, size_t n);

int dist_new(Dist **out, const DistConfig *c, FirError *err) FIR_MUST_CHECK;
void dist_install(Dist *d, VmProcess *p);
/* The program ended with status: a rank of --hosts sends the rest of its
 * output and the status to the launcher (nothing otherwise). */
void dist_exit(Dist *d, int status);
void dist_free(Dist *d);

/* `firvm --serve`'s runner: a payload from a --hosts launcher (a rank
 * header, then an image) runs as that rank; any other is a migrated
 * process, run as before (mig_netvm_runner). */
typedef struct DistServe {
    MigNetVm *nv;
    MigNetRunner inner;
    bool is_rank;
    uint32_t rank, size, incarnation, kill_after;
    char launcher[80];
} DistServe;
void dist_serve_runner(DistServe *s, MigNetVm *nv, MigNetRunner *out);

typedef struct DistLaunch {
    uint32_t n;
    const char *self;        /* the firvm to run (default /proc/self/exe) */
    char **opts;             /* firvm options for every rank */
    int nopts;
    const char *prog;        /* .fir */
    char **args;
    int nargs;
    const char *keyfile;     /* NULL: a fresh key in the rendezvous directory */
    int kill_rank;           /* -1: none */
    uint32_t kill_after;
    uint32_t max_resurrect;  /* per rank */
    /* --hosts: the ranks run on these `firvm --serve` hosts, not here */
    const char *hosts;       /* "HOST:PORT,HOST:PORT,..." */
    const uint8_t *image;    /* the program's process at its start, packed */
    size_t image_len;
    const MigNetConfig *net; /* the key the hosts accept */
    const char *listen_host; /* the launcher's address the ranks reach (127.0.0.1) */
} DistLaunch;

/* Runs the ranks to their end; returns the exit status for firvm: 0 when
 * all exit 0, else the first non-zero status (128 + signal for a rank
 * killed beyond max_resurrect), 1 with a message on stderr if it cannot
 * start. */
int dist_launch(const DistLaunch *l);
/* The same across --serve hosts (coord.c): rank R starts on host R mod H;
 * a rank whose VM dies is resurrected from the last checkpoint image it
 * sent, on the next host that takes it. */
int dist_launch_hosts(const DistLaunch *l);

#endif

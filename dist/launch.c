/*
 * launch.c - `firvm --launch N prog.fir`: N ranks on this machine, each a
 * firvm child meeting the others through a fresh rendezvous directory, and
 * the resurrection of a rank that dies of a signal: from DIR/rank.R.img
 * (its last msg_checkpoint) if there is one, else from the program's
 * start, as the next incarnation.  A rank that exits (normally or by a
 * guest fault) is never restarted.
 */
#include "dist/dist.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_ARGS 4096

static pid_t spawn(const DistLaunch *l, const char *dir, uint32_t rank, uint32_t inc,
                   const char *prog, bool with_args)
{
    char *argv[MAX_ARGS];
    char rs[16], ns[16], is[16], ks[16];
    int a = 0;
    argv[a++] = (char *)l->self;
    for (int i = 0; i < l->nopts && a < MAX_ARGS - 16; i++)
        argv[a++] = l->opts[i];
    snprintf(rs, sizeof rs, "%u", rank);
    snprintf(ns, sizeof ns, "%u", l->n);
    snprintf(is, sizeof is, "%u", inc);
    argv[a++] = "--dist-rank";
    argv[a++] = rs;
    argv[a++] = "--dist-size";
    argv[a++] = ns;
    argv[a++] = "--dist-dir";
    argv[a++] = (char *)dir;
    argv[a++] = "--dist-incarnation";
    argv[a++] = is;
    if (l->kill_rank == (int)rank && inc == 0) {
        snprintf(ks, sizeof ks, "%u", l->kill_after);
        argv[a++] = "--dist-kill";
        argv[a++] = ks;
    }
    argv[a++] = "--";
    argv[a++] = (char *)prog;
    for (int i = 0; with_args && i < l->nargs && a < MAX_ARGS - 1; i++)
        argv[a++] = l->args[i];
    argv[a] = NULL;
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL); /* no rank outlives its launcher */
        execv(l->self, argv);
        fprintf(stderr, "firvm: launch: cannot run %s: %s\n", l->self, strerror(errno));
        _exit(127);
    }
    return pid;
}

static void remove_dir(const char *dir)
{
    char cmd[700];
    /* only files firvm wrote: rank.R, rank.R.img, key, key.pub and temporaries */
    for (int r = 0; r < 64; r++) {
        snprintf(cmd, sizeof cmd, "%s/rank.%d", dir, r);
        unlink(cmd);
        snprintf(cmd, sizeof cmd, "%s/rank.%d.img", dir, r);
        unlink(cmd);
    }
    snprintf(cmd, sizeof cmd, "%s/key", dir);
    unlink(cmd);
    snprintf(cmd, sizeof cmd, "%s/key.pub", dir);
    unlink(cmd);
    rmdir(dir); /* fails if something else is left: then it stays */
}

int dist_launch(const DistLaunch *l)
{
    if (l->n == 0 || l->n > 64) {
        fprintf(stderr, "firvm: error: --launch: 1 to 64 ranks\n");
        return 2;
    }
    const char *tmpdir = getenv("TMPDIR");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/firvm-launch.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "firvm: error: --launch: cannot make a rendezvous directory: %s\n",
                strerror(errno));
        return 1;
    }
    char keypath[600];
    if (l->keyfile) {
        setenv("FIRVM_KEY", l->keyfile, 1);
    } else {
        FirError err = {0};
        MigKey k;
        snprintf(keypath, sizeof keypath, "%s/key", dir);
        if (mig_key_generate(keypath, &k, &err) < 0) {
            fprintf(stderr, "firvm: error: --launch: %s\n", err.msg);
            remove_dir(dir);
            return 1;
        }
        mig_key_wipe(&k);
        setenv("FIRVM_KEY", keypath, 1);
    }
    pid_t pids[64];
    uint32_t inc[64] = {0};
    bool done[64] = {false};
    int status = 0;
    for (uint32_t r = 0; r < l->n; r++)
        if ((pids[r] = spawn(l, dir, r, 0, l->prog, true)) < 0) {
            fprintf(stderr, "firvm: error: --launch: fork: %s\n", strerror(errno));
            for (uint32_t k = 0; k < r; k++)
                kill(pids[k], SIGKILL);
            remove_dir(dir);
            return 1;
        }
    uint32_t left = l->n;
    bool stopping = false; /* a rank failed for good: the others are stopped, not resurrected */
    while (left > 0) {
        int ws;
        pid_t pid = waitpid(-1, &ws, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        uint32_t r = 0;
        while (r < l->n && (pids[r] != pid || done[r]))
            r++;
        if (r == l->n)
            continue;
        if (WIFSIGNALED(ws) && !stopping && inc[r] < l->max_resurrect) {
            char img[600];
            snprintf(img, sizeof img, "%s/rank.%u.img", dir, r);
            struct stat sb;
            bool have = stat(img, &sb) == 0;
            inc[r]++;
            char stamp[40];
            dist_stamp(stamp, sizeof stamp);
            fprintf(stderr, "%sfirvm: launch: rank %u died (signal %d); resurrecting it from %s "
                    "(incarnation %u)\n", stamp, r, WTERMSIG(ws),
                    have ? "its last checkpoint" : "the start", inc[r]);
            pids[r] = spawn(l, dir, r, inc[r], have ? img : l->prog, !have);
            if (pids[r] > 0)
                continue;
        }
        done[r] = true;
        left--;
        int st = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
        if (st && !status)
            status = st;
        if (st && !stopping) {
            stopping = true;
            fprintf(stderr, "firvm: launch: rank %u ended with status %d; stopping the others\n",
                    r, st);
            for (uint32_t k = 0; k < l->n; k++)
                if (!done[k])
                    kill(pids[k], SIGTERM);
        }
    }
    remove_dir(dir);
    return status;
}

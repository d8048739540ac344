/*
 * main.c - the firvm command: load a .fir, verify it, run it.
 *
 *   firvm [options] prog.fir [args...]
 *
 * Exit status: the program's; 134 after a guest fault; 1 when the file
 * cannot be loaded (missing, not FIR, fails verification, unknown host
 * call); 2 for usage errors.  Options end at the first non-option.
 */
#include "dist/dist.h"
#include "migrate/migrate.h"
#include "migrate/netvm.h"
#include "repl/repl.h"
#include "vm/vm.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: firvm [options] prog.fir [args...]\n"
    "       firvm [options] IMAGE\n"
    "Runs a FIR program compiled by firc, or resumes a process image written by\n"
    "migrate(\"checkpoint:FILE\") or migrate(\"suspend:FILE\").\n"
    "\n"
    "options:\n"
    "  --max-frames N   fault with a stack overflow past N nested calls (default 100000)\n"
    "  --heap-max SIZE  live memory limit; malloc returns NULL past it (default 2G);\n"
    "                   SIZE is bytes or a number with K, M or G\n"
    "  --stats          print allocation statistics on stderr at exit\n"
    "  --gc-stress      collect garbage at every allocation (also FIRVM_GC_STRESS=1;\n"
    "                   2: a major collection every time)\n"
    "  --spec-io=MODE   I/O inside speculations: 'held' (default: output waits for the\n"
    "                   outermost commit, input read in an aborted level is read again)\n"
    "                   or 'direct' (nothing held or replayed)\n"
    "  --repl [-ex CMD]... prog.fir [args...] | IMAGE\n"
    "                   debug the program interactively (gdb's commands, plus the\n"
    "                   heap, the pointer table and speculation levels; see\n"
    "                   repl/README.md); commands from stdin when it is not a terminal\n"
    "  --help           print this help and exit\n"
    "  --version        print the version and exit\n"
    "\n"
    "moving processes (migrate(\"migrate:HOST:PORT\"); see migrate/README.md):\n"
    "  firvm --serve [options]   receive processes and run each in its own process\n"
    "  firvm --keygen FILE       make a key: FILE (secret, mode 0600) and FILE.pub;\n"
    "                            prints the public key\n"
    "  --listen HOST:PORT  --serve address (default 127.0.0.1:7411; port 0: any free\n"
    "                   port, printed on stderr)\n"
    "  --key FILE       authenticate with this key (also FIRVM_KEY); a server with a\n"
    "                   key accepts only authenticated peers, over an encrypted channel\n"
    "  --authorized FILE  public keys accepted (server) or trusted (sender); default:\n"
    "                   the own key only (server), any authenticated server (sender)\n"
    "  --require-signed refuse images not signed by a trusted key (--serve, or an IMAGE)\n"
    "  --allow-remote   --serve without a key: accept peers that are not on loopback\n"
    "  --max-image SIZE largest process --serve accepts (default 1G)\n"
    "  --net-timeout MS limit for each network step (default 30000)\n"
    "\n"
    "ranks (<msg.h>, distributed speculations; see dist/README.md):\n"
    "  firvm --launch N [--kill-rank R@K] prog.fir [args...]\n"
    "                   run N ranks of the program on this machine; a rank killed by\n"
    "                   a signal is resurrected from its last msg_checkpoint();\n"
    "                   --kill-rank: rank R's first VM SIGKILLs itself at its K-th send\n"
    "  --dist-rank R --dist-size N --dist-dir DIR   be rank R of N, meeting the others\n"
    "                   through DIR (also PMI_RANK/PMI_SIZE or OMPI_COMM_WORLD_RANK/SIZE\n"
    "                   and FIRVM_DIST_DIR: `mpiexec -n N firvm --key K prog.fir`)\n"
    "  --dist-host ADDR listen for peers on ADDR (default 127.0.0.1)\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "firvm: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nfirvm: try 'firvm --help'\n");
    return 2;
}

/* "64M", "2G", "4096": returns false if malformed or zero. */
static bool parse_size(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end || v == 0 || (shift && v > (UINT64_MAX >> shift)))
        return false;
    *out = (uint64_t)v << shift;
    return true;
}

static bool parse_count(const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v == 0 || v > UINT32_MAX)
        return false;
    *out = (uint32_t)v;
    return true;
}

/* --opt VALUE or --opt=VALUE: returns the value or NULL if this is not opt. */
static const char *option_value(int argc, char **argv, int *i, const char *opt, bool *missing)
{
    size_t n = strlen(opt);
    if (strncmp(argv[*i], opt, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static int load_file(const char *path, FirModule **out)
{
    FirError err = {0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "firvm: error: %s: cannot open: %s\n", path, strerror(errno));
        return 1;
    }
    uint8_t *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 65536;
            uint8_t *d = realloc(data, cap);
            if (!d) {
                free(data);
                fclose(f);
                fprintf(stderr, "firvm: error: %s: out of memory\n", path);
                return 1;
            }
            data = d;
        }
        size_t n = fread(data + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        fprintf(stderr, "firvm: error: %s: cannot read: %s\n", path, strerror(errno));
        return 1;
    }
    FirModule *m = NULL;
    int rc = fir_decode(data, len, &m, &err);
    free(data);
    if (rc < 0) {
        fprintf(stderr, "firvm: error: %s: not a valid FIR file: %s\n", path, err.msg);
        return 1;
    }
    if (fir_verify(m, &err) < 0) {
        fprintf(stderr, "firvm: error: %s: verification failed: %s\n", path, err.msg);
        fir_module_free(m);
        return 1;
    }
    *out = m;
    return 0;
}

/* A process image (checkpoint or suspend): resumes where it stopped; the
 * arguments after it are ignored (the process has its own argv). */
static int resume_image(const char *path, const VmOptions *opt, const MigSigner *signer,
                        VmProcess **out)
{
    FirError err = {0};
    uint8_t *img = NULL;
    size_t len = 0;
    if (mig_read_image(path, &img, &len, &err) < 0 ||
        mig_unpack_signed(img, len, opt, signer, out, &err) < 0) {
        free(img);
        fprintf(stderr, "firvm: error: %s: %s\n", path, err.msg);
        return 1;
    }
    free(img);
    return 0;
}

/* ------------------------------------------------------------ network */

static void print_line(void *ctx, const char *line)
{
    fprintf(stderr, "firvm: %s%s\n", (const char *)ctx, line);
    fflush(stderr);
}

static int keygen(const char *path)
{
    FirError err = {0};
    MigKey k;
    if (mig_key_generate(path, &k, &err) < 0) {
        fprintf(stderr, "firvm: error: %s\n", err.msg);
        return 1;
    }
    char text[MIG_KEY_TEXT_MAX];
    mig_key_public_text(k.pk, text);
    mig_key_wipe(&k);
    printf("%s\n", text);
    return 0;
}

/* firvm --serve: until SIGTERM or SIGINT. */
static int serve(MigNetVm *nv, const char *listen)
{
    char host[256], port[8];
    FirError err = {0};
    if (mig_net_split_address(listen, host, sizeof host, port, sizeof port, &err) < 0)
        return usage_error("--listen: %s", err.msg);
    MigNetRunner runner;
    mig_netvm_runner(nv, &runner);
    MigServer *srv;
    if (mig_server_new(&srv, &nv->cfg, &runner, host, port, print_line, "serve: ", &err) < 0) {
        fprintf(stderr, "firvm: error: %s\n", err.msg);
        return 1;
    }
    fprintf(stderr, "firvm: serve: listening on %s%s\n", mig_server_address(srv),
            nv->cfg.key ? " (authenticated, encrypted)" : "");
    fflush(stderr);
    int rc = mig_server_run(srv, &err);
    mig_server_free(srv);
    if (rc < 0) {
        fprintf(stderr, "firvm: error: %s\n", err.msg);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    VmOptions opt;
    vm_options_default(&opt);
    const char *stress = getenv("FIRVM_GC_STRESS");
    if (stress && *stress >= '0' && *stress <= '9')
        opt.gc_stress = atoi(stress);
    bool stats = false, serving = false;
    const char *listen = "127.0.0.1:" MIG_NET_DEFAULT_PORT_STRING, *keyfile = getenv("FIRVM_KEY");
    const char *authfile = NULL;
    /* ranks */
    uint32_t launch_n = 0, kill_after = 0, dist_kill = 0;
    int kill_rank = -1;
    long dist_rank = -1, dist_size = -1, dist_inc = 0;
    const char *dist_dir = getenv("FIRVM_DIST_DIR"), *dist_host = NULL;
    char *pass[256];
    int npass = 0;
    MigNetVm nv;
    mig_netvm_init(&nv, NULL);
    nv.report = print_line;
    nv.report_ctx = "warning: ";
    nv.fault_out = stderr;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        int at = i;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("firvm %s (FIR virtual machine, interpreter)\n", FIR_VERSION_STRING);
            return 0;
        } else if (strcmp(a, "--repl") == 0) {
            mig_netvm_free(&nv);
            return repl_main(&opt, argc - i - 1, argv + i + 1);
        } else if (strcmp(a, "--stats") == 0) {
            stats = true;
        } else if (strcmp(a, "--gc-stress") == 0) {
            opt.gc_stress = 1;
        } else if (strcmp(a, "--serve") == 0) {
            serving = true;
        } else if (strcmp(a, "--require-signed") == 0) {
            nv.cfg.require_signed = true;
        } else if (strcmp(a, "--allow-remote") == 0) {
            nv.cfg.allow_remote = true;
        } else if ((v = option_value(argc, argv, &i, "--keygen", &missing))) {
            return keygen(v);
        } else if ((v = option_value(argc, argv, &i, "--listen", &missing))) {
            listen = v;
        } else if ((v = option_value(argc, argv, &i, "--key", &missing))) {
            keyfile = v;
        } else if ((v = option_value(argc, argv, &i, "--authorized", &missing))) {
            authfile = v;
        } else if ((v = option_value(argc, argv, &i, "--max-image", &missing))) {
            if (!parse_size(v, &nv.cfg.max_image))
                return usage_error("bad value for --max-image: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--net-timeout", &missing))) {
            if (!parse_count(v, &nv.cfg.timeout_ms))
                return usage_error("bad value for --net-timeout: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--max-frames", &missing))) {
            if (!parse_count(v, &opt.max_frames))
                return usage_error("bad value for --max-frames: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--heap-max", &missing))) {
            if (!parse_size(v, &opt.heap_max))
                return usage_error("bad value for --heap-max: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--spec-io", &missing))) {
            if (strcmp(v, "direct") != 0 && strcmp(v, "held") != 0)
                return usage_error("bad value for --spec-io: '%s' (held or direct)", v);
            opt.spec_io_direct = strcmp(v, "direct") == 0;
        } else if ((v = option_value(argc, argv, &i, "--launch", &missing))) {
            if (!parse_count(v, &launch_n) || launch_n > 64)
                return usage_error("bad value for --launch: '%s' (1 to 64 ranks)", v);
            continue;
        } else if ((v = option_value(argc, argv, &i, "--kill-rank", &missing))) {
            unsigned r, k;
            char end;
            if (sscanf(v, "%u@%u%c", &r, &k, &end) != 2 || k == 0 || r >= 64)
                return usage_error("bad value for --kill-rank: '%s' (RANK@SEND)", v);
            kill_rank = (int)r;
            kill_after = k;
            continue;
        } else if ((v = option_value(argc, argv, &i, "--dist-rank", &missing))) {
            uint32_t x;
            if (!(strcmp(v, "0") == 0 ? (x = 0, true) : parse_count(v, &x)))
                return usage_error("bad value for --dist-rank: '%s'", v);
            dist_rank = x;
            continue;
        } else if ((v = option_value(argc, argv, &i, "--dist-size", &missing))) {
            uint32_t x;
            if (!parse_count(v, &x))
                return usage_error("bad value for --dist-size: '%s'", v);
            dist_size = x;
            continue;
        } else if ((v = option_value(argc, argv, &i, "--dist-incarnation", &missing))) {
            uint32_t x;
            if (!(strcmp(v, "0") == 0 ? (x = 0, true) : parse_count(v, &x)))
                return usage_error("bad value for --dist-incarnation: '%s'", v);
            dist_inc = x;
            continue;
        } else if ((v = option_value(argc, argv, &i, "--dist-kill", &missing))) {
            if (!parse_count(v, &dist_kill))
                return usage_error("bad value for --dist-kill: '%s'", v);
            continue;
        } else if ((v = option_value(argc, argv, &i, "--dist-dir", &missing))) {
            dist_dir = v;
            continue;
        } else if ((v = option_value(argc, argv, &i, "--dist-host", &missing))) {
            dist_host = v;
        } else if (missing) {
            return usage_error("option '%s' needs a value", a);
        } else {
            return usage_error("unknown option '%s'", a);
        }
        /* options every rank of --launch gets */
        for (int k = at; k <= i && npass < 256; k++)
            pass[npass++] = argv[k];
    }
    if (launch_n) {
        mig_netvm_free(&nv);
        if (i >= argc)
            return usage_error("%s", "--launch: no program given");
        /* the ranks run this very firvm, under its own name */
        char self[4096];
        ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
        if (sl > 0)
            self[sl] = 0;
        else
            snprintf(self, sizeof self, "/proc/self/exe");
        DistLaunch l = {.n = launch_n, .self = self, .opts = pass, .nopts = npass,
                        .prog = argv[i], .args = argv + i + 1, .nargs = argc - i - 1,
                        .keyfile = keyfile && *keyfile ? keyfile : NULL,
                        .kill_rank = kill_rank, .kill_after = kill_after,
                        .max_resurrect = 10};
        return dist_launch(&l);
    }
    /* a rank of mpiexec: its rank and size from the environment */
    const char *er = getenv("PMI_RANK"), *es = getenv("PMI_SIZE");
    if (!er || !es) {
        er = getenv("OMPI_COMM_WORLD_RANK");
        es = getenv("OMPI_COMM_WORLD_SIZE");
    }
    char mpidir[300];
    bool own_dir = false;
    if (dist_rank < 0 && er && es && *er && *es) {
        dist_rank = strtol(er, NULL, 10);
        dist_size = strtol(es, NULL, 10);
        if (dist_rank < 0 || dist_size < 1 || dist_rank >= dist_size)
            return usage_error("bad rank from the environment: '%s'", er);
        if (!dist_dir) {
            /* ranks of one mpiexec on one machine share their proxy parent */
            const char *t = getenv("TMPDIR");
            snprintf(mpidir, sizeof mpidir, "%s/firvm-dist-%ld", t && *t ? t : "/tmp",
                     (long)getppid());
            mkdir(mpidir, 0700);
            dist_dir = mpidir;
            own_dir = true;
        }
    }
    if ((dist_rank >= 0) != (dist_size >= 0))
        return usage_error("%s", "--dist-rank and --dist-size go together");
    if (dist_rank >= 0 && dist_rank >= dist_size)
        return usage_error("%s", "--dist-rank must be below --dist-size");
    if (dist_rank >= 0 && !dist_dir)
        return usage_error("%s", "a rank needs --dist-dir DIR (or FIRVM_DIST_DIR)");
    FirError kerr = {0};
    if ((keyfile && *keyfile && mig_netvm_load_key(&nv, keyfile, &kerr) < 0) ||
        (authfile && mig_netvm_load_authorized(&nv, authfile, &kerr) < 0)) {
        fprintf(stderr, "firvm: error: %s\n", kerr.msg);
        mig_netvm_free(&nv);
        return 1;
    }
    if (nv.cfg.require_signed && !nv.cfg.key && !nv.cfg.authorized) {
        mig_netvm_free(&nv);
        return usage_error("%s", "--require-signed needs --key or --authorized (trusted keys)");
    }
    nv.vm_opt = opt;
    nv.cfg.max_inflight = nv.cfg.max_image > UINT64_MAX / 4 ? UINT64_MAX : 4 * nv.cfg.max_image;
    if (serving) {
        if (i < argc) {
            mig_netvm_free(&nv);
            return usage_error("--serve runs no program: '%s'", argv[i]);
        }
        int rc = serve(&nv, listen);
        mig_netvm_free(&nv);
        return rc;
    }
    if (i >= argc) {
        mig_netvm_free(&nv);
        return usage_error("%s", "no program given");
    }

    const char *path = argv[i];
    VmProcess *p = NULL;
    if (mig_file_is_image(path)) {
        MigSigner signer;
        mig_netvm_signer(&nv, &signer, nv.cfg.require_signed);
        /* without --require-signed, signatures are not checked (the hash is) */
        int rc = resume_image(path, &opt, nv.cfg.require_signed ? &signer : NULL, &p);
        if (rc) {
            mig_netvm_free(&nv);
            return rc;
        }
    } else {
        FirModule *m = NULL;
        int rc = load_file(path, &m);
        if (rc)
            return rc;
        p = vm_process_new(&opt);
        if (!p) {
            fprintf(stderr, "firvm: error: out of memory\n");
            fir_module_free(m);
            return 1;
        }
        FirError err = {0};
        if (vm_load(p, m, argc - i, argv + i, &err) < 0) {
            fprintf(stderr, "firvm: error: %s: %s\n", path, err.msg);
            fir_module_free(m);
            vm_process_free(p);
            return 1;
        }
    }
    mig_install_net(p, mig_netvm_send, &nv);
    Dist *dist = NULL;
    if (dist_rank >= 0) {
        FirError derr = {0};
        DistConfig dc = {.rank = (uint32_t)dist_rank, .size = (uint32_t)dist_size,
                         .incarnation = (uint32_t)dist_inc, .dir = dist_dir, .host = dist_host,
                         .remove_dir = own_dir,
                         .key = nv.cfg.key, .authorized = nv.cfg.authorized,
                         .timeout_ms = nv.cfg.timeout_ms, .kill_after = dist_kill,
                         .log = stderr};
        if (dist_new(&dist, &dc, &derr) < 0) {
            fprintf(stderr, "firvm: error: rank %ld: %s\n", dist_rank, derr.msg);
            vm_process_free(p);
            mig_netvm_free(&nv);
            return 1;
        }
        dist_install(dist, p);
    }
    VmOutcome out = vm_run(p);
    int status = vm_exit_status(p);
    if (out == VM_FAULTED) {
        vm_print_fault(p, "firvm", stderr);
        status = 134;
    }
    if (stats) {
        VmStats st;
        vm_get_stats(p, &st);
        fprintf(stderr,
                "firvm: stats: %" PRIu64 " blocks allocated, peak %" PRIu64
                " bytes live, %" PRIu64 " bytes live at exit, %" PRIu64
                " pointer-table entries, %" PRIu64 " calls\n",
                st.blocks_allocated, st.peak_heap_bytes, st.live_heap_bytes, st.table_entries,
                st.calls);
        fprintf(stderr,
                "firvm: stats: gc: %" PRIu64 " minor and %" PRIu64 " major collections, "
                "pause max %.3f ms, total %.3f ms, peak heap memory %" PRIu64 " bytes, %" PRIu64
                " leaked blocks reclaimed\n",
                st.gc_minor, st.gc_major, st.gc_pause_max_ns / 1e6, st.gc_pause_total_ns / 1e6,
                st.gc_peak_mem, st.gc_leaked_blocks);
        fprintf(stderr,
                "firvm: stats: speculation: %" PRIu64 " levels entered, %" PRIu64
                " committed, %" PRIu64 " aborted, %" PRIu64 " blocks cloned, %" PRIu64
                " pages saved, %" PRIu64 " bytes copied\n",
                st.spec_entered, st.spec_committed, st.spec_aborted, st.spec_blocks_cloned,
                st.spec_pages_saved, st.spec_bytes_copied);
    }
    vm_process_free(p);
    dist_free(dist);
    mig_netvm_free(&nv);
    return status & 0xff;
}

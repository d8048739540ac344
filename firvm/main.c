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
#include "jit-ia32/jit.h"
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
    "  --jit=MODE       the baseline x86 JIT: 'on' (default: hot functions and loops\n"
    "                   are compiled), 'off' (interpret everything) or 'always'\n"
    "                   (compile every function at load); also FIRVM_JIT=MODE\n"
    "  --jit-threshold N  entries plus loop iterations before a function is compiled\n"
    "                   (default 200)\n"
    "  --trace=jit      print each compiled function on stderr\n"
    "  --jit-perf-map   write /tmp/perf-PID.map so perf names compiled functions\n"
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
    "  firvm --launch N --hosts HOST:PORT,... --key K prog.fir [args...]\n"
    "                   run the ranks on those `firvm --serve` hosts (rank R on host R\n"
    "                   mod H); their output comes here; a rank that dies is resurrected\n"
    "                   from its last checkpoint on the next host that takes it\n"
    "  --dist-rank R --dist-size N --dist-dir DIR   be rank R of N, meeting the others\n"
    "                   through DIR (also PMI_RANK/PMI_SIZE or OMPI_COMM_WORLD_RANK/SIZE\n"
    "                   and FIRVM_DIST_DIR: `mpiexec -n N firvm --key K prog.fir`)\n"
    "  --dist-host ADDR listen for peers on ADDR (default 127.0.0.1; with --hosts: the\n"
    "                   launcher's address the ranks connect to)\n";

static bool parse_jit_mode(const char *v, JitMode *mode)
{
    if (strcmp(v, "off") == 0)
        *mode = JIT_OFF;
    else if (strcmp(v, "on") == 0)
        *mode = JIT_ON;
    else if (strcmp(v, "always") == 0)
        *mode = JIT_ALWAYS;
    else
        return false;
    return true;
}

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
    DistServe ranks; /* a --hosts launcher's payloads run as ranks */
    dist_serve_runner(&ranks, nv, &runner);
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

/* ------------------------------------------------------------ the command */

/* What the options asked for. */
typedef struct Cmd {
    VmOptions opt;
    bool stats, serving;
    const char *listen, *keyfile, *authfile;
    MigNetVm nv;
    JitOptions jit;
    int argi; /* argv[argi] is the program (or image) */
    /* ranks (dist/): --launch, or one rank of --launch or mpiexec */
    uint32_t launch_n, kill_after, dist_kill;
    int kill_rank;
    long dist_rank, dist_size, dist_inc;
    const char *dist_dir, *dist_host;
    const char *hosts;       /* --launch --hosts: on these --serve hosts */
    bool own_dir;            /* the mpiexec default directory: removed at the end */
    char mpidir[300];
    char *pass[256];         /* the options every rank of --launch gets */
    int npass;
} Cmd;

enum { GO_ON = -1 }; /* parse_options: run; any other value is the exit status */

/* A process resumed by --serve gets the JIT of the command line too. */
static void attach_jit(VmProcess *p, void *ctx)
{
    jit_attach(p, ctx);
}

/* The options of ranks: 1 if argv[*i] is one (not passed to --launch's
 * ranks), 0 if not, or a usage error's exit status (> 1). */
static int parse_dist_option(Cmd *c, int argc, char **argv, int *i, bool *missing)
{
    const char *v;
    uint32_t x;
    if ((v = option_value(argc, argv, i, "--launch", missing))) {
        if (!parse_count(v, &c->launch_n) || c->launch_n > 64)
            return usage_error("bad value for --launch: '%s' (1 to 64 ranks)", v);
    } else if ((v = option_value(argc, argv, i, "--kill-rank", missing))) {
        unsigned r, k;
        char end;
        if (sscanf(v, "%u@%u%c", &r, &k, &end) != 2 || k == 0 || r >= 64)
            return usage_error("bad value for --kill-rank: '%s' (RANK@SEND)", v);
        c->kill_rank = (int)r;
        c->kill_after = k;
    } else if ((v = option_value(argc, argv, i, "--dist-rank", missing))) {
        if (!(strcmp(v, "0") == 0 ? (x = 0, true) : parse_count(v, &x)))
            return usage_error("bad value for --dist-rank: '%s'", v);
        c->dist_rank = x;
    } else if ((v = option_value(argc, argv, i, "--dist-size", missing))) {
        if (!parse_count(v, &x))
            return usage_error("bad value for --dist-size: '%s'", v);
        c->dist_size = x;
    } else if ((v = option_value(argc, argv, i, "--dist-incarnation", missing))) {
        if (!(strcmp(v, "0") == 0 ? (x = 0, true) : parse_count(v, &x)))
            return usage_error("bad value for --dist-incarnation: '%s'", v);
        c->dist_inc = x;
    } else if ((v = option_value(argc, argv, i, "--dist-kill", missing))) {
        if (!parse_count(v, &c->dist_kill))
            return usage_error("bad value for --dist-kill: '%s'", v);
    } else if ((v = option_value(argc, argv, i, "--dist-dir", missing))) {
        c->dist_dir = v;
    } else if ((v = option_value(argc, argv, i, "--hosts", missing))) {
        c->hosts = v;
    } else {
        return 0;
    }
    return 1;
}

static int parse_options(Cmd *c, int argc, char **argv)
{
    c->launch_n = c->kill_after = c->dist_kill = 0;
    c->kill_rank = -1;
    c->dist_rank = c->dist_size = -1;
    c->dist_inc = 0;
    c->dist_dir = getenv("FIRVM_DIST_DIR");
    c->dist_host = NULL;
    c->hosts = NULL;
    c->own_dir = false;
    c->npass = 0;
    vm_options_default(&c->opt);
    const char *stress = getenv("FIRVM_GC_STRESS");
    if (stress && *stress >= '0' && *stress <= '9')
        c->opt.gc_stress = atoi(stress);
    c->stats = c->serving = false;
    c->jit = (JitOptions){JIT_ON, JIT_DEFAULT_THRESHOLD, NULL, false};
    const char *jit_env = getenv("FIRVM_JIT");
    if (jit_env && *jit_env && !parse_jit_mode(jit_env, &c->jit.mode)) {
        fprintf(stderr, "firvm: error: bad value for FIRVM_JIT: '%s' (off, on or always)\n",
                jit_env);
        return 2;
    }
    c->listen = "127.0.0.1:" MIG_NET_DEFAULT_PORT_STRING;
    c->keyfile = getenv("FIRVM_KEY");
    c->authfile = NULL;
    MigNetVm *nv = &c->nv;
    mig_netvm_init(nv, NULL);
    nv->report = print_line;
    nv->report_ctx = "warning: ";
    nv->fault_out = stderr;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
        const char *a = argv[i], *v;
        bool missing = false;
        int at = i, d = parse_dist_option(c, argc, argv, &i, &missing);
        if (d > 1)
            return d;
        if (d == 1)
            continue;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_text, stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("firvm %s (FIR virtual machine: interpreter and %s JIT)\n", FIR_VERSION_STRING,
                   jit_backend_name());
            return 0;
        } else if (strcmp(a, "--repl") == 0) {
            mig_netvm_free(nv);
            return repl_main(&c->opt, argc - i - 1, argv + i + 1);
        } else if (strcmp(a, "--jit-perf-map") == 0) {
            c->jit.perf_map = true;
        } else if ((v = option_value(argc, argv, &i, "--jit", &missing))) {
            if (!parse_jit_mode(v, &c->jit.mode))
                return usage_error("bad value for --jit: '%s' (off, on or always)", v);
        } else if ((v = option_value(argc, argv, &i, "--jit-threshold", &missing))) {
            if (!parse_count(v, &c->jit.threshold))
                return usage_error("bad value for --jit-threshold: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--trace", &missing))) {
            if (strcmp(v, "jit") != 0)
                return usage_error("bad value for --trace: '%s' (jit)", v);
            c->jit.trace = stderr;
        } else if (strcmp(a, "--stats") == 0) {
            c->stats = true;
        } else if (strcmp(a, "--gc-stress") == 0) {
            c->opt.gc_stress = 1;
        } else if (strcmp(a, "--serve") == 0) {
            c->serving = true;
        } else if (strcmp(a, "--require-signed") == 0) {
            nv->cfg.require_signed = true;
        } else if (strcmp(a, "--allow-remote") == 0) {
            nv->cfg.allow_remote = true;
        } else if ((v = option_value(argc, argv, &i, "--keygen", &missing))) {
            return keygen(v);
        } else if ((v = option_value(argc, argv, &i, "--listen", &missing))) {
            c->listen = v;
        } else if ((v = option_value(argc, argv, &i, "--key", &missing))) {
            c->keyfile = v;
        } else if ((v = option_value(argc, argv, &i, "--authorized", &missing))) {
            c->authfile = v;
        } else if ((v = option_value(argc, argv, &i, "--max-image", &missing))) {
            if (!parse_size(v, &nv->cfg.max_image))
                return usage_error("bad value for --max-image: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--net-timeout", &missing))) {
            if (!parse_count(v, &nv->cfg.timeout_ms))
                return usage_error("bad value for --net-timeout: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--max-frames", &missing))) {
            if (!parse_count(v, &c->opt.max_frames))
                return usage_error("bad value for --max-frames: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--heap-max", &missing))) {
            if (!parse_size(v, &c->opt.heap_max))
                return usage_error("bad value for --heap-max: '%s'", v);
        } else if ((v = option_value(argc, argv, &i, "--spec-io", &missing))) {
            if (strcmp(v, "direct") != 0 && strcmp(v, "held") != 0)
                return usage_error("bad value for --spec-io: '%s' (held or direct)", v);
            c->opt.spec_io_direct = strcmp(v, "direct") == 0;
        } else if ((v = option_value(argc, argv, &i, "--dist-host", &missing))) {
            c->dist_host = v;
        } else if (missing) {
            return usage_error("option '%s' needs a value", a);
        } else {
            return usage_error("unknown option '%s'", a);
        }
        for (int k = at; k <= i && c->npass < 256; k++)
            c->pass[c->npass++] = argv[k];
    }
    c->argi = i;
    return GO_ON;
}

/* ------------------------------------------------------------------ ranks */

/* firvm --launch N prog.fir [args]: the ranks run this very firvm. */
static int launch(Cmd *c, int argc, char **argv)
{
    mig_netvm_free(&c->nv);
    if (c->argi >= argc)
        return usage_error("%s", "--launch: no program given");
    char self[4096];
    ssize_t sl = readlink("/proc/self/exe", self, sizeof self - 1);
    if (sl > 0)
        self[sl] = 0;
    else
        snprintf(self, sizeof self, "/proc/self/exe");
    DistLaunch l = {.n = c->launch_n, .self = self, .opts = c->pass, .nopts = c->npass,
                    .prog = argv[c->argi], .args = argv + c->argi + 1,
                    .nargs = argc - c->argi - 1,
                    .keyfile = c->keyfile && *c->keyfile ? c->keyfile : NULL,
                    .kill_rank = c->kill_rank, .kill_after = c->kill_after,
                    .max_resurrect = 10};
    return dist_launch(&l);
}

/* A rank of mpiexec takes its rank and size from the environment and, by
 * default, TMPDIR/firvm-dist-PPID (the ranks of one mpiexec on one machine
 * share their proxy parent); then the rank options are checked. */
static int rank_options(Cmd *c)
{
    const char *er = getenv("PMI_RANK"), *es = getenv("PMI_SIZE");
    if (!er || !es) {
        er = getenv("OMPI_COMM_WORLD_RANK");
        es = getenv("OMPI_COMM_WORLD_SIZE");
    }
    if (c->dist_rank < 0 && er && es && *er && *es) {
        c->dist_rank = strtol(er, NULL, 10);
        c->dist_size = strtol(es, NULL, 10);
        if (c->dist_rank < 0 || c->dist_size < 1 || c->dist_rank >= c->dist_size)
            return usage_error("bad rank from the environment: '%s'", er);
        if (!c->dist_dir) {
            const char *t = getenv("TMPDIR");
            snprintf(c->mpidir, sizeof c->mpidir, "%s/firvm-dist-%ld", t && *t ? t : "/tmp",
                     (long)getppid());
            mkdir(c->mpidir, 0700);
            c->dist_dir = c->mpidir;
            c->own_dir = true;
        }
    }
    if ((c->dist_rank >= 0) != (c->dist_size >= 0))
        return usage_error("%s", "--dist-rank and --dist-size go together");
    if (c->dist_rank >= 0 && c->dist_rank >= c->dist_size)
        return usage_error("%s", "--dist-rank must be below --dist-size");
    if (c->dist_rank >= 0 && !c->dist_dir)
        return usage_error("%s", "a rank needs --dist-dir DIR (or FIRVM_DIST_DIR)");
    return GO_ON;
}

/* This process as a rank: listen, publish, install the message hooks. */
static int start_rank(Cmd *c, VmProcess *p, Dist **out)
{
    *out = NULL;
    if (c->dist_rank < 0)
        return GO_ON;
    FirError err = {0};
    DistConfig dc = {.rank = (uint32_t)c->dist_rank, .size = (uint32_t)c->dist_size,
                     .incarnation = (uint32_t)c->dist_inc, .dir = c->dist_dir,
                     .host = c->dist_host, .remove_dir = c->own_dir, .key = c->nv.cfg.key,
                     .authorized = c->nv.cfg.authorized, .timeout_ms = c->nv.cfg.timeout_ms,
                     .kill_after = c->dist_kill, .log = stderr};
    if (dist_new(out, &dc, &err) < 0) {
        fprintf(stderr, "firvm: error: rank %ld: %s\n", c->dist_rank, err.msg);
        return 1;
    }
    dist_install(*out, p);
    return GO_ON;
}

/* The keys of --key/FIRVM_KEY and --authorized, and the settings that follow
 * from the options. */
static int setup_net(Cmd *c)
{
    MigNetVm *nv = &c->nv;
    FirError kerr = {0};
    if ((c->keyfile && *c->keyfile && mig_netvm_load_key(nv, c->keyfile, &kerr) < 0) ||
        (c->authfile && mig_netvm_load_authorized(nv, c->authfile, &kerr) < 0)) {
        fprintf(stderr, "firvm: error: %s\n", kerr.msg);
        mig_netvm_free(nv);
        return 1;
    }
    if (nv->cfg.require_signed && !nv->cfg.key && !nv->cfg.authorized) {
        mig_netvm_free(nv);
        return usage_error("%s", "--require-signed needs --key or --authorized (trusted keys)");
    }
    nv->vm_opt = c->opt;
    nv->cfg.max_inflight = nv->cfg.max_image > UINT64_MAX / 4 ? UINT64_MAX
                                                              : 4 * nv->cfg.max_image;
    return GO_ON;
}

/* The process to run: an image resumed, or a .fir loaded with its argv. */
static int load_process(Cmd *c, int argc, char **argv, VmProcess **out)
{
    const char *path = argv[c->argi];
    VmProcess *p = NULL;
    if (mig_file_is_image(path)) {
        MigSigner signer;
        mig_netvm_signer(&c->nv, &signer, c->nv.cfg.require_signed);
        /* without --require-signed, signatures are not checked (the hash is) */
        int rc = resume_image(path, &c->opt, c->nv.cfg.require_signed ? &signer : NULL, &p);
        if (rc) {
            mig_netvm_free(&c->nv);
            return rc;
        }
    } else {
        FirModule *m = NULL;
        int rc = load_file(path, &m);
        if (rc)
            return rc;
        p = vm_process_new(&c->opt);
        if (!p) {
            fprintf(stderr, "firvm: error: out of memory\n");
            fir_module_free(m);
            return 1;
        }
        FirError err = {0};
        if (vm_load(p, m, argc - c->argi, argv + c->argi, &err) < 0) {
            fprintf(stderr, "firvm: error: %s: %s\n", path, err.msg);
            fir_module_free(m);
            vm_process_free(p);
            return 1;
        }
    }
    *out = p;
    return GO_ON;
}

/* firvm --launch N --hosts LIST prog.fir [args]: the program's process,
 * loaded here and packed, starts as each rank on the --serve hosts. */
static int launch_hosts(Cmd *c, int argc, char **argv)
{
    if (c->argi >= argc) {
        mig_netvm_free(&c->nv);
        return usage_error("%s", "--launch: no program given");
    }
    if (!c->nv.cfg.key) {
        mig_netvm_free(&c->nv);
        return usage_error("%s", "--hosts needs --key FILE (or FIRVM_KEY): the key the --serve "
                                 "hosts accept");
    }
    /* the ranks run under the hosts' own VM options: say so rather than drop them */
    static const char *const launcher_opts[] = {"--key", "--authorized", "--dist-host",
                                                "--net-timeout", "--max-image", "--"};
    for (int k = 0; k < c->npass; k++) {
        const char *o = c->pass[k];
        bool ours = o[0] != '-';
        for (size_t j = 0; j < sizeof launcher_opts / sizeof *launcher_opts && !ours; j++)
            ours = strcmp(o, launcher_opts[j]) == 0;
        if (!ours)
            fprintf(stderr, "firvm: warning: --hosts: %s applies to the ranks' --serve hosts; "
                            "give it to them\n", o);
    }
    VmProcess *p = NULL;
    int rc = load_process(c, argc, argv, &p);
    if (rc != GO_ON)
        return rc;
    MigSigner signer;
    mig_netvm_signer(&c->nv, &signer, false);
    uint8_t *img = NULL;
    size_t n = 0;
    FirError err = {0};
    rc = mig_pack_signed(p, &signer, &img, &n, &err);
    vm_process_free(p);
    if (rc < 0) {
        fprintf(stderr, "firvm: error: --launch: cannot pack %s: %s\n", argv[c->argi], err.msg);
        mig_netvm_free(&c->nv);
        return 1;
    }
    DistLaunch l = {.n = c->launch_n, .prog = argv[c->argi], .kill_rank = c->kill_rank,
                    .kill_after = c->kill_after, .max_resurrect = 10, .hosts = c->hosts,
                    .image = img, .image_len = n, .net = &c->nv.cfg,
                    .listen_host = c->dist_host};
    rc = dist_launch_hosts(&l);
    free(img);
    mig_netvm_free(&c->nv);
    return rc;
}

/* --stats */
static void print_stats(VmProcess *p)
{
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

int main(int argc, char **argv)
{
    Cmd c;
    int rc = parse_options(&c, argc, argv);
    if (rc == GO_ON && c.hosts && !c.launch_n)
        return usage_error("%s", "--hosts goes with --launch N");
    if (rc == GO_ON && c.launch_n && c.hosts)
        return (rc = setup_net(&c)) != GO_ON ? rc : launch_hosts(&c, argc, argv);
    if (rc == GO_ON && c.launch_n)
        return launch(&c, argc, argv);
    if (rc == GO_ON)
        rc = rank_options(&c);
    if (rc == GO_ON)
        rc = setup_net(&c);
    if (rc != GO_ON)
        return rc;
    if (c.serving) {
        if (c.argi < argc) {
            mig_netvm_free(&c.nv);
            return usage_error("--serve runs no program: '%s'", argv[c.argi]);
        }
        c.nv.on_resume = attach_jit;
        c.nv.on_resume_ctx = &c.jit;
        rc = serve(&c.nv, c.listen);
        mig_netvm_free(&c.nv);
        return rc;
    }
    if (c.argi >= argc) {
        mig_netvm_free(&c.nv);
        return usage_error("%s", "no program given");
    }
    VmProcess *p = NULL;
    rc = load_process(&c, argc, argv, &p);
    if (rc != GO_ON)
        return rc;
    mig_install_net(p, mig_netvm_send, &c.nv);
    if (jit_attach(p, &c.jit) < 0 && c.jit.mode == JIT_ALWAYS)
        fprintf(stderr, "firvm: warning: this build has no JIT back end: interpreting\n");
    Dist *dist;
    if ((rc = start_rank(&c, p, &dist)) != GO_ON) {
        vm_process_free(p);
        mig_netvm_free(&c.nv);
        return rc;
    }
    VmOutcome out = vm_run(p);
    int status = vm_exit_status(p);
    if (out == VM_FAULTED) {
        vm_print_fault(p, "firvm", stderr);
        status = 134;
    }
    if (c.stats)
        print_stats(p);
    vm_process_free(p);
    dist_free(dist);
    mig_netvm_free(&c.nv);
    return status & 0xff;
}

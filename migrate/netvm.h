/*
 * netvm.h - processes over the network: what firvm needs to send and
 * receive processes (netvm.c) on top of the transport (transport/net.h)
 * and process images (migrate.h).
 */
#ifndef MIGRATE_NETVM_H
#define MIGRATE_NETVM_H

#include "migrate/migrate.h"
#include "transport/net.h"

#include <stdbool.h>
#include <stdio.h>

/* What firvm needs to send and receive processes (netvm.c): the keys, the
 * transport configuration and the limits of resumed processes. */
typedef struct MigNetVm {
    MigNetConfig cfg;       /* cfg.key and cfg.authorized point into this struct */
    MigKey key;
    MigKeyList authorized;
    VmOptions vm_opt;       /* limits of processes resumed by the server */
    MigLogFn *report;       /* one line when migrate:HOST:PORT fails (may be NULL) */
    void *report_ctx;
    FILE *fault_out;        /* where a resumed process's fault report goes (NULL: none) */
    VmProcess *proc;        /* in a server child: the process being resumed */
    /* called on each process the server resumes, before it runs (firvm attaches
     * its JIT); may be NULL */
    void (*on_resume)(VmProcess *p, void *ctx);
    void *on_resume_ctx;
} MigNetVm;

void mig_netvm_init(MigNetVm *nv, const VmOptions *opt);
int mig_netvm_load_key(MigNetVm *nv, const char *path, FirError *err) FIR_MUST_CHECK;
int mig_netvm_load_authorized(MigNetVm *nv, const char *path, FirError *err) FIR_MUST_CHECK;
void mig_netvm_free(MigNetVm *nv);
/* The sender behind migrate("migrate:HOST:PORT") (ctx: a MigNetVm): packs
 * the process (signed when there is a key) and sends it.  A transfer in
 * doubt (MIG_NET_IN_DOUBT) stops the process here, with a report: it may be
 * running at the peer, and must never run twice. */
int mig_netvm_send(VmProcess *p, const char *host, const char *port, void *ctx);
/* The server's runner: unpack (verify; with cfg.require_signed, refuse
 * images not signed by a trusted key), then run with mig_netvm_send
 * installed so the process can move on. */
void mig_netvm_runner(MigNetVm *nv, MigNetRunner *r);
/* A MigSigner over the keys: signs with nv->key; trusts the authorized
 * list, or nv->key alone when there is no list. */
void mig_netvm_signer(MigNetVm *nv, MigSigner *s, bool require);

#endif

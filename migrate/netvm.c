/*
 * netvm.c - processes over the network: ties the transport (net.h) to
 * process images (migrate.h).  The sender behind migrate:HOST:PORT, the
 * runner of `firvm --serve` children, and image signatures with the keys.
 *
 * Signature block of an image (migrate.h, MIG_SIG_BYTES = 96): the signer's
 * 32-byte Ed25519 public key, then mig_sign_hash of the payload hash (a
 * domain-separated signature: it cannot be replayed as a handshake one).
 *
 * Invariants
 * - A process leaves only after mig_net_send returned 0 (the peer runs
 *   it) or MIG_NET_IN_DOUBT (it may run there: stopping is the choice that
 *   never runs it twice).  Every other outcome returns a negative errno
 *   to the guest, which goes on.
 */
#include "migrate/netvm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mig_netvm_init(MigNetVm *nv, const VmOptions *opt)
{
    memset(nv, 0, sizeof *nv);
    mig_net_config_default(&nv->cfg);
    if (opt)
        nv->vm_opt = *opt;
    else
        vm_options_default(&nv->vm_opt);
}

int mig_netvm_load_key(MigNetVm *nv, const char *path, FirError *err)
{
    int rc = mig_key_load(path, &nv->key, err);
    if (rc == 0)
        nv->cfg.key = &nv->key;
    return rc;
}

int mig_netvm_load_authorized(MigNetVm *nv, const char *path, FirError *err)
{
    int rc = mig_keylist_load(path, &nv->authorized, err);
    if (rc == 0)
        nv->cfg.authorized = &nv->authorized;
    return rc;
}

void mig_netvm_free(MigNetVm *nv)
{
    mig_key_wipe(&nv->key);
    mig_keylist_free(&nv->authorized);
    nv->cfg.key = NULL;
    nv->cfg.authorized = NULL;
}

/* ------------------------------------------------------------ signatures */

static int sign(void *ctx, const uint8_t hash[MIG_HASH_BYTES], uint8_t sig[MIG_SIG_BYTES],
                FirError *err)
{
    MigNetVm *nv = ctx;
    if (!nv->cfg.key)
        return fir_error_set(err, FIR_EINVAL, "no key to sign the image with");
    memcpy(sig, nv->key.pk, MIG_KEY_PUBLIC_BYTES);
    mig_sign_hash(&nv->key, hash, sig + MIG_KEY_PUBLIC_BYTES);
    return 0;
}

static int verify(void *ctx, const uint8_t hash[MIG_HASH_BYTES], const uint8_t sig[MIG_SIG_BYTES],
                  FirError *err)
{
    MigNetVm *nv = ctx;
    const uint8_t *pk = sig;
    char text[MIG_KEY_TEXT_MAX];
    mig_key_public_text(pk, text);
    bool trusted = nv->cfg.authorized ? mig_keylist_has(nv->cfg.authorized, pk)
                   : nv->cfg.key      ? memcmp(pk, nv->key.pk, MIG_KEY_PUBLIC_BYTES) == 0
                                      : false;
    if (!trusted)
        return fir_error_set(err, FIR_EVERIFY, "the image is signed by an untrusted key: %s",
                             text);
    if (!mig_verify_hash(pk, hash, sig + MIG_KEY_PUBLIC_BYTES))
        return fir_error_set(err, FIR_EVERIFY, "bad image signature (key %s)", text);
    return 0;
}

void mig_netvm_signer(MigNetVm *nv, MigSigner *s, bool require)
{
    memset(s, 0, sizeof *s);
    s->sign = sign;
    s->verify = verify;
    s->ctx = nv;
    s->require = require;
}

/* ---------------------------------------------------------------- sender */

static void report(MigNetVm *nv, const char *msg)
{
    if (nv->report)
        nv->report(nv->report_ctx, msg);
}

int mig_netvm_send(VmProcess *p, const char *host, const char *port, void *ctx)
{
    MigNetVm *nv = ctx;
    FirError err = {0};
    MigSigner signer;
    mig_netvm_signer(nv, &signer, false);
    uint8_t *img = NULL;
    size_t n = 0;
    int rc = mig_pack_signed(p, nv->cfg.key ? &signer : NULL, &img, &n, &err);
    if (rc < 0) {
        char msg[600];
        snprintf(msg, sizeof msg, "migrate to %s:%s: cannot pack the process: %s", host, port,
                 err.msg);
        report(nv, msg);
        return rc == FIR_ENOMEM ? -ENOMEM : rc == FIR_ERANGE ? -EFBIG : -EIO;
    }
    rc = mig_net_send(&nv->cfg, host, port, img, n, &err);
    free(img);
    if (rc != 0)
        report(nv, err.msg);
    if (rc == MIG_NET_IN_DOUBT)
        return 0; /* stop here: it may be running there, it must not run twice */
    return rc;
}

/* ---------------------------------------------------------------- runner */

static int prepare(void *ctx, const uint8_t *payload, size_t len, FirError *err)
{
    MigNetVm *nv = ctx;
    MigSigner signer;
    mig_netvm_signer(nv, &signer, nv->cfg.require_signed);
    int rc = mig_unpack_signed(payload, len, &nv->vm_opt,
                               nv->cfg.require_signed ? &signer : NULL, &nv->proc, err);
    if (rc < 0)
        return rc;
    mig_install_net(nv->proc, mig_netvm_send, nv);
    if (nv->on_resume)
        nv->on_resume(nv->proc, nv->on_resume_ctx);
    return 0;
}

static int run(void *ctx)
{
    MigNetVm *nv = ctx;
    VmOutcome out = vm_run(nv->proc);
    int status = vm_exit_status(nv->proc);
    if (out == VM_FAULTED) {
        if (nv->fault_out)
            vm_print_fault(nv->proc, "firvm", nv->fault_out);
        status = 134;
    }
    fflush(NULL);
    vm_process_free(nv->proc);
    nv->proc = NULL;
    return status & 0xff;
}

void mig_netvm_runner(MigNetVm *nv, MigNetRunner *r)
{
    r->prepare = prepare;
    r->run = run;
    r->ctx = nv;
}

/*
 * net.h - moving a packed process over the network: the `firvm --serve`
 * host, the sending client, and the keys that authenticate both.
 *
 * The transport carries an opaque payload (the process image packed by
 * migrate/migrate.h); it never looks inside.  migrate/netvm.h ties it to
 * processes.  The protocol, its two-phase
 * handshake and the threat model are in docs/DESIGN.md (appendix).
 *
 * Use (sender, inside the `migrate` instruction):
 *     MigNetConfig c;  mig_net_config_default(&c);  c.key = ...;
 *     rc = mig_net_send(&c, "127.0.0.1", "7411", payload, len, &err);
 *     rc == 0: the peer verified and started the process: stop it here (exit 0)
 *     rc <  0: a negative errno; nothing runs at the peer; continue here
 *     rc == MIG_NET_IN_DOUBT: the outcome cannot be known (see README)
 *
 * Use (receiver):
 *     mig_server_new(&s, &c, &runner, "127.0.0.1", "0", log, ctx, &err);
 *     mig_server_port(s);  mig_server_run(s, &err);  mig_server_free(s);
 *
 * Invariants
 * - Nothing here prints: the server reports events through its log callback
 *   and every function fills a FirError.
 * - Every length read from the network is checked against a limit before
 *   anything is allocated for it (MIG_NET_MAX_FRAME, MigNetConfig.max_image).
 */
#ifndef TRANSPORT_NET_H
#define TRANSPORT_NET_H

#include "fir/fir.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ keys */

#define MIG_NET_DEFAULT_PORT 7411
#define MIG_NET_DEFAULT_PORT_STRING "7411"

#define MIG_KEY_PUBLIC_BYTES 32
#define MIG_KEY_SECRET_BYTES 64
#define MIG_KEY_SIG_BYTES 64
/* "firvm-ed25519 " + base64 of 32 bytes + NUL */
#define MIG_KEY_TEXT_MAX 64

/* An Ed25519 identity (libsodium crypto_sign). */
typedef struct MigKey {
    uint8_t pk[MIG_KEY_PUBLIC_BYTES];
    uint8_t sk[MIG_KEY_SECRET_BYTES];
} MigKey;

typedef struct MigKeyList {
    uint8_t (*pk)[MIG_KEY_PUBLIC_BYTES];
    size_t n, cap;
} MigKeyList;

/* Makes a new key, writes it to `path` (mode 0600, created exclusively) and
 * its public line to `path`.pub.  Fails if either file exists. */
int mig_key_generate(const char *path, MigKey *out, FirError *err) FIR_MUST_CHECK;
/* Reads a secret key file written by mig_key_generate. */
int mig_key_load(const char *path, MigKey *out, FirError *err) FIR_MUST_CHECK;
/* Zeroes the secret part. */
void mig_key_wipe(MigKey *k);
/* "firvm-ed25519 BASE64": the printable public key. */
void mig_key_public_text(const uint8_t pk[MIG_KEY_PUBLIC_BYTES], char out[MIG_KEY_TEXT_MAX]);
/* Parses one public key line ("firvm-ed25519 BASE64 [comment]"). */
int mig_key_parse_public(const char *line, uint8_t pk[MIG_KEY_PUBLIC_BYTES], FirError *err)
    FIR_MUST_CHECK;

/* An authorized-keys file: one public key line per line; blank lines and
 * lines starting with '#' are ignored.  Appends to `list`. */
int mig_keylist_load(const char *path, MigKeyList *list, FirError *err) FIR_MUST_CHECK;
int mig_keylist_add(MigKeyList *list, const uint8_t pk[MIG_KEY_PUBLIC_BYTES]) FIR_MUST_CHECK;
bool mig_keylist_has(const MigKeyList *list, const uint8_t pk[MIG_KEY_PUBLIC_BYTES]);
void mig_keylist_free(MigKeyList *list);

/* Detached signature of a payload: Ed25519 over a domain string and the
 * BLAKE2b-256 hash of the bytes (so a signature covers exactly one payload
 * and cannot be replayed as a handshake signature). */
void mig_sign_payload(const MigKey *key, const uint8_t *data, size_t n,
                      uint8_t sig[MIG_KEY_SIG_BYTES]);
bool mig_verify_payload(const uint8_t pk[MIG_KEY_PUBLIC_BYTES], const uint8_t *data, size_t n,
                        const uint8_t sig[MIG_KEY_SIG_BYTES]);
/* The same on a hash computed by the caller (streaming). */
void mig_sign_hash(const MigKey *key, const uint8_t hash[32], uint8_t sig[MIG_KEY_SIG_BYTES]);
bool mig_verify_hash(const uint8_t pk[MIG_KEY_PUBLIC_BYTES], const uint8_t hash[32],
                     const uint8_t sig[MIG_KEY_SIG_BYTES]);

/* ----------------------------------------------------------- configuration */

typedef struct MigNetConfig {
    const MigKey *key;            /* our identity; NULL: plain channel */
    const MigKeyList *authorized; /* server: clients accepted (NULL: only our own key);
                                     client: servers accepted (NULL: any that authenticates) */
    bool require_signed;          /* server: the image must be signed by an authorized key
                                     (checked by the runner: see netvm.c) */
    bool allow_remote;            /* server without key: accept non-loopback peers */
    uint64_t max_image;           /* largest payload accepted (bytes) */
    uint64_t max_inflight;        /* server: total of payloads being received at once */
    uint32_t max_conns;           /* server: connections at once */
    uint32_t timeout_ms;          /* limit for each step (connect, each frame, verify) */
    uint32_t doubt_ms;            /* client: how long to retry a status query when in doubt */
} MigNetConfig;

#define MIG_NET_DEFAULT_MAX_IMAGE ((uint64_t)1 << 30)
#define MIG_NET_DEFAULT_TIMEOUT_MS 30000u

void mig_net_config_default(MigNetConfig *c);

/* "HOST:PORT" or "[V6ADDR]:PORT" into host and port strings. */
int mig_net_split_address(const char *s, char *host, size_t hostcap, char *port, size_t portcap,
                          FirError *err) FIR_MUST_CHECK;

/* ------------------------------------------------------------------ client */

/* Returned by mig_net_send when the connection was lost after the commit
 * and the peer cannot tell whether it started the process. */
#define MIG_NET_IN_DOUBT 1

int mig_net_send(const MigNetConfig *c, const char *host, const char *port,
                 const uint8_t *payload, size_t len, FirError *err) FIR_MUST_CHECK;

/* ------------------------------------------------------------------ server */

/* What the server does with a received payload, in the child process it
 * forks for it.  prepare checks the payload and readies the process (for a
 * process image: decode, verify the FIR, rebuild the heap); on failure its
 * err->msg is sent back to the sender as the reason.  run is called once
 * the sender has committed, and returns the exit status. */
typedef struct MigNetRunner {
    int (*prepare)(void *ctx, const uint8_t *payload, size_t len, FirError *err);
    int (*run)(void *ctx);
    void *ctx;
} MigNetRunner;

/* One line per event, without newline, e.g. "accepted 127.0.0.1:5123 (#3)". */
typedef void MigLogFn(void *ctx, const char *line);

typedef struct MigServer MigServer;

/* Binds and listens (port "0" picks a free port). */
int mig_server_new(MigServer **out, const MigNetConfig *c, const MigNetRunner *runner,
                   const char *host, const char *port, MigLogFn *log, void *log_ctx,
                   FirError *err) FIR_MUST_CHECK;
/* The bound address, e.g. "127.0.0.1:40123". */
const char *mig_server_address(const MigServer *s);
int mig_server_port(const MigServer *s);
/* Serves until SIGTERM or SIGINT (or mig_server_stop from a callback). */
int mig_server_run(MigServer *s, FirError *err) FIR_MUST_CHECK;
void mig_server_stop(MigServer *s);
void mig_server_free(MigServer *s);

#endif

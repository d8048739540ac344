/*
 * keys.c - Ed25519 identities for `firvm --serve` and its clients: key
 * files, public key lines, authorized-key lists, payload signatures.
 *
 * Formats (text, one item per line, '#' starts a comment line):
 *   secret file (mode 0600):  firvm-ed25519-secret BASE64(64-byte secret key)
 *                             firvm-ed25519 BASE64(32-byte public key)
 *   public line:              firvm-ed25519 BASE64(32-byte public key) [comment]
 * BASE64 is the standard alphabet with padding.  The secret key is
 * libsodium's crypto_sign form (seed || public key); loading checks that
 * the public key derived from it matches the one written beside it.
 *
 * Invariants
 * - A secret key file readable by group or others is refused, like ssh.
 * - Secret bytes read from a file are wiped from temporaries.
 */
#include "transport/net.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PUBLIC_TAG "firvm-ed25519"
#define SECRET_TAG "firvm-ed25519-secret"
#define SIG_DOMAIN "firvm payload signature v1"
#define LINE_MAX_LEN 1024

static int sodium_ready(FirError *err)
{
    if (sodium_init() < 0)
        return fir_error_set(err, FIR_EIO, "libsodium cannot initialize");
    return 0;
}

/* ------------------------------------------------------------ text forms */

void mig_key_public_text(const uint8_t pk[MIG_KEY_PUBLIC_BYTES], char out[MIG_KEY_TEXT_MAX])
{
    char b64[sodium_base64_ENCODED_LEN(MIG_KEY_PUBLIC_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(b64, sizeof b64, pk, MIG_KEY_PUBLIC_BYTES, sodium_base64_VARIANT_ORIGINAL);
    snprintf(out, MIG_KEY_TEXT_MAX, "%s %s", PUBLIC_TAG, b64);
}

/* "TAG BASE64[ rest]": decodes exactly n bytes; false if malformed. */
static bool parse_tagged(const char *line, const char *tag, uint8_t *out, size_t n)
{
    size_t tl = strlen(tag);
    if (strncmp(line, tag, tl) != 0 || (line[tl] != ' ' && line[tl] != '\t'))
        return false;
    const char *p = line + tl;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t len = strcspn(p, " \t\r\n");
    size_t got = 0;
    const char *end = NULL;
    if (sodium_base642bin(out, n, p, len, NULL, &got, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return got == n && end == p + len;
}

int mig_key_parse_public(const char *line, uint8_t pk[MIG_KEY_PUBLIC_BYTES], FirError *err)
{
    if (!parse_tagged(line, PUBLIC_TAG, pk, MIG_KEY_PUBLIC_BYTES))
        return fir_error_set(err, FIR_EFORMAT,
                             "not a public key line (expected '" PUBLIC_TAG " BASE64')");
    return 0;
}

/* ----------------------------------------------------------------- files */

static int write_all(int fd, const char *s)
{
    size_t n = strlen(s);
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

static int write_new_file(const char *path, mode_t mode, const char *text, FirError *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return fir_error_set(err, FIR_EIO, "%s: cannot create: %s", path, strerror(errno));
    /* open() applies the umask: make sure the mode is exactly what we asked */
    if (fchmod(fd, mode) != 0 || write_all(fd, text) != 0) {
        int e = errno;
        close(fd);
        unlink(path);
        return fir_error_set(err, FIR_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    if (close(fd) != 0) {
        int e = errno;
        unlink(path);
        return fir_error_set(err, FIR_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    return 0;
}

int mig_key_generate(const char *path, MigKey *out, FirError *err)
{
    if (sodium_ready(err) < 0)
        return err->code;
    size_t plen = strlen(path);
    char *pubpath = malloc(plen + 5);
    if (!pubpath)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    memcpy(pubpath, path, plen);
    memcpy(pubpath + plen, ".pub", 5);
    if (access(pubpath, F_OK) == 0) {
        fir_error_set(err, FIR_EIO, "%s: already exists", pubpath);
        free(pubpath);
        return FIR_EIO;
    }

    MigKey k;
    crypto_sign_keypair(k.pk, k.sk);
    char pub[MIG_KEY_TEXT_MAX];
    mig_key_public_text(k.pk, pub);
    char sk64[sodium_base64_ENCODED_LEN(MIG_KEY_SECRET_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sk64, sizeof sk64, k.sk, MIG_KEY_SECRET_BYTES,
                      sodium_base64_VARIANT_ORIGINAL);
    char text[512];
    snprintf(text, sizeof text,
             "# firvm secret key (Ed25519): keep this file private\n%s %s\n%s\n", SECRET_TAG,
             sk64, pub);
    int rc = write_new_file(path, 0600, text, err);
    sodium_memzero(text, sizeof text);
    sodium_memzero(sk64, sizeof sk64);
    if (rc == 0) {
        snprintf(text, sizeof text, "%s\n", pub);
        rc = write_new_file(pubpath, 0644, text, err);
        if (rc < 0)
            unlink(path);
    }
    free(pubpath);
    if (rc == 0 && out)
        *out = k;
    sodium_memzero(&k, sizeof k);
    return rc;
}

/* Reads a small text file (limit 64 KiB) into a NUL-terminated buffer. */
static int read_text(const char *path, char **out, struct stat *st, FirError *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fir_error_set(err, FIR_EIO, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fileno(f), st) != 0 || !S_ISREG(st->st_mode)) {
        fclose(f);
        return fir_error_set(err, FIR_EIO, "%s: not a regular file", path);
    }
    enum { LIMIT = 65536 };
    char *buf = malloc(LIMIT + 1);
    if (!buf) {
        fclose(f);
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    }
    size_t n = fread(buf, 1, LIMIT + 1, f);
    bool bad = ferror(f);
    fclose(f);
    if (bad || n > LIMIT) {
        sodium_memzero(buf, LIMIT + 1);
        free(buf);
        return fir_error_set(err, FIR_EFORMAT, "%s: %s", path,
                             bad ? "cannot read" : "too large for a key file");
    }
    buf[n] = '\0';
    *out = buf;
    return 0;
}

/* Next line of a text buffer, comments and blank lines skipped; NUL-terminates
 * it in place.  Returns NULL at the end. */
static char *next_line(char **cursor, int *lineno)
{
    while (**cursor) {
        char *line = *cursor;
        char *nl = strchr(line, '\n');
        if (nl) {
            *nl = '\0';
            *cursor = nl + 1;
        } else {
            *cursor = line + strlen(line);
        }
        ++*lineno;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        while (*line == ' ' || *line == '\t')
            line++;
        if (*line == '\0' || *line == '#')
            continue;
        return line;
    }
    return NULL;
}

int mig_key_load(const char *path, MigKey *out, FirError *err)
{
    if (sodium_ready(err) < 0)
        return err->code;
    char *text;
    struct stat st;
    int rc = read_text(path, &text, &st, err);
    if (rc < 0)
        return rc;
    size_t textlen = strlen(text);
    if (st.st_mode & 077) {
        rc = fir_error_set(err, FIR_EINVAL,
                           "%s: secret key file is accessible by others (mode %04o; "
                           "use chmod 600)",
                           path, (unsigned)(st.st_mode & 07777));
        goto done;
    }
    MigKey k;
    bool have_sk = false, have_pk = false;
    uint8_t pk[MIG_KEY_PUBLIC_BYTES];
    char *cur = text, *line;
    int lineno = 0;
    while ((line = next_line(&cur, &lineno))) {
        if (strncmp(line, SECRET_TAG, strlen(SECRET_TAG)) == 0) {
            if (have_sk || !parse_tagged(line, SECRET_TAG, k.sk, MIG_KEY_SECRET_BYTES)) {
                rc = fir_error_set(err, FIR_EFORMAT, "%s:%d: bad secret key line", path,
                                   lineno);
                goto done;
            }
            have_sk = true;
        } else if (!have_pk && parse_tagged(line, PUBLIC_TAG, pk, MIG_KEY_PUBLIC_BYTES)) {
            have_pk = true;
        } else {
            rc = fir_error_set(err, FIR_EFORMAT, "%s:%d: unexpected line in a key file",
                               path, lineno);
            goto done;
        }
    }
    if (!have_sk) {
        rc = fir_error_set(err, FIR_EFORMAT, "%s: not a firvm secret key file", path);
        goto done;
    }
    crypto_sign_ed25519_sk_to_pk(k.pk, k.sk);
    uint8_t seed[crypto_sign_SEEDBYTES], pk2[MIG_KEY_PUBLIC_BYTES], sk2[MIG_KEY_SECRET_BYTES];
    crypto_sign_ed25519_sk_to_seed(seed, k.sk);
    crypto_sign_seed_keypair(pk2, sk2, seed);
    bool consistent = memcmp(pk2, k.pk, sizeof pk2) == 0 && (!have_pk || memcmp(pk, k.pk, sizeof pk) == 0);
    sodium_memzero(seed, sizeof seed);
    sodium_memzero(sk2, sizeof sk2);
    if (!consistent) {
        rc = fir_error_set(err, FIR_EFORMAT, "%s: the public key does not match the secret key",
                           path);
        goto done;
    }
    *out = k;
    rc = 0;
done:
    sodium_memzero(&k, sizeof k);
    sodium_memzero(text, textlen);
    free(text);
    return rc;
}

void mig_key_wipe(MigKey *k)
{
    sodium_memzero(k->sk, sizeof k->sk);
}

/* ------------------------------------------------------- authorized lists */

int mig_keylist_add(MigKeyList *list, const uint8_t pk[MIG_KEY_PUBLIC_BYTES])
{
    if (mig_keylist_has(list, pk))
        return 0;
    if (list->n == list->cap) {
        size_t cap = list->cap ? 2 * list->cap : 8;
        void *p = realloc(list->pk, cap * sizeof *list->pk);
        if (!p)
            return FIR_ENOMEM;
        list->pk = p;
        list->cap = cap;
    }
    memcpy(list->pk[list->n++], pk, MIG_KEY_PUBLIC_BYTES);
    return 0;
}

bool mig_keylist_has(const MigKeyList *list, const uint8_t pk[MIG_KEY_PUBLIC_BYTES])
{
    for (size_t i = 0; list && i < list->n; i++)
        if (sodium_memcmp(list->pk[i], pk, MIG_KEY_PUBLIC_BYTES) == 0)
            return true;
    return false;
}

void mig_keylist_free(MigKeyList *list)
{
    free(list->pk);
    list->pk = NULL;
    list->n = list->cap = 0;
}

int mig_keylist_load(const char *path, MigKeyList *list, FirError *err)
{
    if (sodium_ready(err) < 0)
        return err->code;
    char *text;
    struct stat st;
    int rc = read_text(path, &text, &st, err);
    if (rc < 0)
        return rc;
    char *cur = text, *line;
    int lineno = 0;
    while ((line = next_line(&cur, &lineno))) {
        uint8_t pk[MIG_KEY_PUBLIC_BYTES];
        if (!parse_tagged(line, PUBLIC_TAG, pk, sizeof pk)) {
            rc = fir_error_set(err, FIR_EFORMAT,
                               "%s:%d: not a public key line (expected '" PUBLIC_TAG
                               " BASE64')",
                               path, lineno);
            break;
        }
        if (mig_keylist_add(list, pk) < 0) {
            rc = fir_error_set(err, FIR_ENOMEM, "out of memory");
            break;
        }
    }
    free(text);
    return rc;
}

/* ------------------------------------------------------------ signatures */

static void signed_message(const uint8_t hash[32], uint8_t msg[sizeof SIG_DOMAIN + 32])
{
    memcpy(msg, SIG_DOMAIN, sizeof SIG_DOMAIN); /* with its NUL: a domain separator */
    memcpy(msg + sizeof SIG_DOMAIN, hash, 32);
}

void mig_sign_hash(const MigKey *key, const uint8_t hash[32], uint8_t sig[MIG_KEY_SIG_BYTES])
{
    uint8_t msg[sizeof SIG_DOMAIN + 32];
    signed_message(hash, msg);
    crypto_sign_detached(sig, NULL, msg, sizeof msg, key->sk);
}

bool mig_verify_hash(const uint8_t pk[MIG_KEY_PUBLIC_BYTES], const uint8_t hash[32],
                     const uint8_t sig[MIG_KEY_SIG_BYTES])
{
    uint8_t msg[sizeof SIG_DOMAIN + 32];
    signed_message(hash, msg);
    return crypto_sign_verify_detached(sig, msg, sizeof msg, pk) == 0;
}

void mig_sign_payload(const MigKey *key, const uint8_t *data, size_t n,
                      uint8_t sig[MIG_KEY_SIG_BYTES])
{
    uint8_t hash[32];
    crypto_generichash(hash, sizeof hash, data, n, NULL, 0);
    mig_sign_hash(key, hash, sig);
}

bool mig_verify_payload(const uint8_t pk[MIG_KEY_PUBLIC_BYTES], const uint8_t *data, size_t n,
                        const uint8_t sig[MIG_KEY_SIG_BYTES])
{
    uint8_t hash[32];
    crypto_generichash(hash, sizeof hash, data, n, NULL, 0);
    return mig_verify_hash(pk, hash, sig);
}

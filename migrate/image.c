/*
 * image.c - the frame of a payload (magic, version, flags, body length,
 * BLAKE2b-256 trailer, optional signature block) and image files
 * ("#!/usr/bin/env firvm\n" + payload).
 *
 * How it works
 * - mig__seal writes the header and the hash around a body that pack.c has
 *   already written in place, then signs the hash if asked.
 * - mig_check_payload checks the frame in a fixed order, each failure with
 *   its own message: too short, bad magic, version, unknown flags, body
 *   length against the bytes present (truncated / trailing bytes), hash.
 * - Image files are written beside the target and renamed over it, so a
 *   reader (or a process killed mid-write) never sees a torn image.
 *
 * Invariants
 * - Nothing here interprets the body; the hash covers the header and the
 *   body, the signature covers the hash.
 */
#include "migrate/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mig__sodium(FirError *err)
{
    if (sodium_init() < 0)
        return fir_error_set(err, FIR_EIO, "libsodium cannot be initialized");
    return 0;
}

void mig__put32(uint8_t *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

void mig__put64(uint8_t *b, uint64_t v)
{
    mig__put32(b, (uint32_t)v);
    mig__put32(b + 4, (uint32_t)(v >> 32));
}

uint32_t mig__get32(const uint8_t *b)
{
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint64_t mig__get64(const uint8_t *b)
{
    return (uint64_t)mig__get32(b) | (uint64_t)mig__get32(b + 4) << 32;
}

/* ------------------------------------------------------------- payload */

int mig__seal(uint8_t *buf, size_t body_len, const MigSigner *signer, size_t *total,
              FirError *err)
{
    int rc = mig__sodium(err);
    if (rc < 0)
        return rc;
    bool sign = signer && signer->sign;
    memcpy(buf, MIG_MAGIC, MIG_MAGIC_LEN);
    mig__put32(buf + 8, MIG_VERSION);
    mig__put32(buf + 12, sign ? MIG_FLAG_SIGNED : 0);
    mig__put64(buf + 16, body_len);
    size_t n = MIG_HEADER_BYTES + body_len;
    crypto_generichash(buf + n, MIG_HASH_BYTES, buf, n, NULL, 0);
    n += MIG_HASH_BYTES;
    if (sign) {
        rc = signer->sign(signer->ctx, buf + n - MIG_HASH_BYTES, buf + n, err);
        if (rc < 0)
            return rc;
        n += MIG_SIG_BYTES;
    }
    *total = n;
    return 0;
}

int mig_check_payload(const uint8_t *data, size_t len, uint8_t hash[MIG_HASH_BYTES],
                      FirError *err)
{
    int rc = mig__sodium(err);
    if (rc < 0)
        return rc;
    if (len < MIG_MAGIC_LEN || memcmp(data, MIG_MAGIC, MIG_MAGIC_LEN) != 0)
        return fir_error_set(err, FIR_EFORMAT, "not a process image (bad magic)");
    if (len < MIG_HEADER_BYTES)
        return fir_error_set(err, FIR_EFORMAT, "truncated image (%zu bytes)", len);
    uint32_t version = mig__get32(data + 8), flags = mig__get32(data + 12);
    if (version != MIG_VERSION)
        return fir_error_set(err, FIR_EVERSION, "unsupported image version %u (expected %u)",
                             version, MIG_VERSION);
    if (flags & ~MIG_FLAG_SIGNED)
        return fir_error_set(err, FIR_EFORMAT, "unknown image flags 0x%x", flags);
    uint64_t body = mig__get64(data + 16);
    uint64_t trailer = MIG_HASH_BYTES + ((flags & MIG_FLAG_SIGNED) ? MIG_SIG_BYTES : 0);
    uint64_t have = len - MIG_HEADER_BYTES;
    if (body > have || have - body < trailer)
        return fir_error_set(err, FIR_EFORMAT,
                             "truncated image (%zu bytes, the header announces %llu)", len,
                             (unsigned long long)(body > UINT64_MAX - 64
                                                      ? UINT64_MAX
                                                      : MIG_HEADER_BYTES + body + trailer));
    if (have - body > trailer)
        return fir_error_set(err, FIR_EFORMAT, "%llu unexpected bytes after the image",
                             (unsigned long long)(have - body - trailer));
    size_t n = MIG_HEADER_BYTES + (size_t)body;
    uint8_t h[MIG_HASH_BYTES];
    crypto_generichash(h, sizeof h, data, n, NULL, 0);
    if (sodium_memcmp(h, data + n, MIG_HASH_BYTES) != 0)
        return fir_error_set(err, FIR_EFORMAT, "image integrity check failed (corrupted)");
    if (hash)
        memcpy(hash, h, sizeof h);
    return 0;
}

/* ---------------------------------------------------------------- files */

bool mig_is_image(const uint8_t *data, size_t len)
{
    size_t off = 0;
    if (len >= 2 && data[0] == '#' && data[1] == '!') {
        const uint8_t *nl = memchr(data, '\n', len);
        if (!nl)
            return false;
        off = (size_t)(nl - data) + 1;
    }
    return len - off >= MIG_MAGIC_LEN && memcmp(data + off, MIG_MAGIC, MIG_MAGIC_LEN) == 0;
}

bool mig_file_is_image(const char *path)
{
    uint8_t buf[MIG_MAX_SHEBANG + MIG_MAGIC_LEN];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    size_t n = 0;
    while (n < sizeof buf) {
        ssize_t r = read(fd, buf + n, sizeof buf - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    return mig_is_image(buf, n);
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n > ((size_t)1 << 30) ? (size_t)1 << 30 : n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int mig_write_image(const char *path, const uint8_t *payload, size_t len, FirError *err)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 64);
    if (!tmp)
        return fir_error_set(err, FIR_ENOMEM, "out of memory");
    int fd = -1;
    for (unsigned n = 0; fd < 0 && n < 1000; n++) {
        snprintf(tmp, plen + 64, "%s.tmp.%ld.%u", path, (long)getpid(), n);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0777); /* umask applies */
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return fir_error_set(err, FIR_EIO, "cannot create '%s': %s", path, strerror(e));
    }
    const char *bang = MIG_SHEBANG;
    int bad = write_all(fd, (const uint8_t *)bang, strlen(bang)) < 0 ||
              write_all(fd, payload, len) < 0;
    int e = errno;
    if (close(fd) < 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (!bad && rename(tmp, path) < 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        unlink(tmp);
        free(tmp);
        errno = e;
        return fir_error_set(err, FIR_EIO, "cannot write '%s': %s", path, strerror(e));
    }
    free(tmp);
    return 0;
}

static int read_all(int fd, uint8_t *p, size_t n)
{
    while (n) {
        ssize_t r = read(fd, p, n > ((size_t)1 << 30) ? (size_t)1 << 30 : n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            return 1; /* shorter than fstat said */
        p += r;
        n -= (size_t)r;
    }
    return 0;
}

int mig_read_image(const char *path, uint8_t **payload, size_t *len, FirError *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fir_error_set(err, FIR_EIO, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        int e = errno;
        close(fd);
        return fir_error_set(err, FIR_EIO, "cannot read: %s",
                             e && !S_ISREG(st.st_mode) ? strerror(e) : "not a regular file");
    }
    if ((uint64_t)st.st_size > (uint64_t)SIZE_MAX / 2) {
        close(fd);
        return fir_error_set(err, FIR_ERANGE, "image too large for this host (%lld bytes)",
                             (long long)st.st_size);
    }
    /* the #! line is skipped without copying the payload */
    uint8_t head[MIG_MAX_SHEBANG + MIG_MAGIC_LEN];
    size_t size = (size_t)st.st_size, hn = size < sizeof head ? size : sizeof head;
    size_t off = 0;
    if (read_all(fd, head, hn) != 0) {
        close(fd);
        return fir_error_set(err, FIR_EIO, "cannot read: %s", strerror(errno));
    }
    if (hn >= 2 && head[0] == '#' && head[1] == '!') {
        const uint8_t *nl = memchr(head, '\n', hn);
        if (!nl) {
            close(fd);
            return fir_error_set(err, FIR_EFORMAT, "not a process image (the #! line is too "
                                 "long)");
        }
        off = (size_t)(nl - head) + 1;
    }
    if (hn - off < MIG_MAGIC_LEN || memcmp(head + off, MIG_MAGIC, MIG_MAGIC_LEN) != 0) {
        close(fd);
        return fir_error_set(err, FIR_EFORMAT, "not a process image (bad magic)");
    }
    size_t n = size - off;
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf) {
        close(fd);
        return fir_error_set(err, FIR_ENOMEM, "out of memory for a %zu-byte image", n);
    }
    memcpy(buf, head + off, hn - off);
    int r = read_all(fd, buf + (hn - off), n - (hn - off));
    int e = errno;
    close(fd);
    if (r != 0) {
        free(buf);
        return fir_error_set(err, FIR_EIO, "cannot read: %s",
                             r < 0 ? strerror(e) : "the file shrank while being read");
    }
    *payload = buf;
    *len = n;
    return 0;
}

/* The frame codec of dist/ (dist/frame.c) against random, truncated and
 * forged input: every malformed frame is refused with a reason, nothing
 * crashes (run under SAN=1 too). */
#include "dist/frame.h"

#include <check.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static uint8_t key[32], other[32];

static void setup(void)
{
    ck_assert_int_ge(sodium_init(), 0);
    memset(key, 7, sizeof key);
    memset(other, 8, sizeof other);
}

/* A sealed MSG frame carrying two ids and "hello". */
static DistBuf make_msg(uint64_t counter)
{
    DistBuf body = {0}, f = {0};
    SpecId deps[2] = {{1, 5}, {2 | 1u << 16, 9}};
    ck_assert_int_eq(dist_msg_encode(&body, 3, deps, 2, (const uint8_t *)"hello", 5), 0);
    ck_assert_int_eq(dist_frame_put(&f, DIST_F_MSG, body.b, body.n, key, counter), 0);
    dist_buf_free(&body);
    return f;
}

START_TEST(roundtrip)
{
    DistBuf f = make_msg(4);
    DistHeader h;
    char why[120];
    ck_assert_int_eq(dist_header_parse(f.b, f.n, &h, why, sizeof why), 1);
    ck_assert_uint_eq(h.type, DIST_F_MSG);
    ck_assert_uint_eq(DIST_HEADER + h.len, f.n);
    ck_assert_int_eq(dist_frame_open(f.b, f.b + DIST_HEADER, h.len, key, 4), 0);
    DistMsg m;
    ck_assert_int_eq(dist_msg_decode(f.b + DIST_HEADER, h.len - DIST_TAG_BYTES, &m, why,
                                     sizeof why), 0);
    ck_assert_uint_eq(m.seq, 3);
    ck_assert_uint_eq(m.ndeps, 2);
    ck_assert_uint_eq(m.len, 5);
    ck_assert(memcmp(m.data, "hello", 5) == 0);
    SpecId d1 = dist_msg_dep(&m, 1);
    ck_assert_uint_eq(d1.owner, 2 | 1u << 16);
    ck_assert_uint_eq(d1.seq, 9);
    dist_buf_free(&f);
}
END_TEST

START_TEST(forged_and_replayed)
{
    DistHeader h;
    char why[120];
    DistBuf f = make_msg(4);
    ck_assert_int_eq(dist_header_parse(f.b, f.n, &h, why, sizeof why), 1);
    uint8_t *copy = malloc(f.n);
    /* wrong key, wrong counter (replayed or reordered), any flipped bit */
    memcpy(copy, f.b, f.n);
    ck_assert_int_eq(dist_frame_open(copy, copy + DIST_HEADER, h.len, other, 4), -1);
    memcpy(copy, f.b, f.n);
    ck_assert_int_eq(dist_frame_open(copy, copy + DIST_HEADER, h.len, key, 5), -1);
    for (size_t i = 0; i < f.n; i++) {
        memcpy(copy, f.b, f.n);
        copy[i] ^= 0x10;
        DistHeader h2;
        int rc = dist_header_parse(copy, f.n, &h2, why, sizeof why);
        if (rc == 1 && h2.len == h.len)
            ck_assert_int_eq(dist_frame_open(copy, copy + DIST_HEADER, h2.len, key, 4), -1);
    }
    free(copy);
    dist_buf_free(&f);
}
END_TEST

START_TEST(headers)
{
    DistHeader h;
    char why[120];
    uint8_t b[DIST_HEADER] = {'F', 'I', 'R', 'D', DIST_VERSION, DIST_F_DECIDE, 0, 0, 13, 0, 0, 0};
    ck_assert_int_eq(dist_header_parse(b, sizeof b, &h, why, sizeof why), 1);
    b[4] = 1; /* version 1: CKPT had no body */
    ck_assert_int_eq(dist_header_parse(b, sizeof b, &h, why, sizeof why), -1);
    ck_assert_str_eq(why, "unknown frame version 1");
    b[4] = DIST_VERSION;
    for (size_t n = 0; n < DIST_HEADER; n++)
        ck_assert_int_eq(dist_header_parse(b, n, &h, why, sizeof why), 0); /* truncated */
    b[8] = 14; /* DECIDE has a fixed size */
    ck_assert_int_eq(dist_header_parse(b, sizeof b, &h, why, sizeof why), -1);
    ck_assert(strstr(why, "wrong size") != NULL);
    b[8] = 13;
    b[6] = 2; /* unknown flag */
    ck_assert_int_eq(dist_header_parse(b, sizeof b, &h, why, sizeof why), -1);
    ck_assert(strstr(why, "flags") != NULL);
    b[6] = 0;
    b[5] = 99;
    ck_assert_int_eq(dist_header_parse(b, sizeof b, &h, why, sizeof why), -1);
    ck_assert(strstr(why, "unknown frame type") != NULL);
    b[5] = DIST_F_MSG;
    b[8] = 0xff; b[9] = 0xff; b[10] = 0xff; b[11] = 0x7f; /* far over the limit */
    ck_assert_int_eq(dist_header_parse(b, sizeof b, &h, why, sizeof why), -1);
    b[0] = 'X';
    ck_assert_int_eq(dist_header_parse(b, sizeof b, &h, why, sizeof why), -1);
    ck_assert(strstr(why, "magic") != NULL);
}
END_TEST

START_TEST(bodies)
{
    DistMsg m;
    DistDecide d;
    DistHello hello;
    char why[120];
    uint8_t b[64] = {0};
    for (size_t n = 0; n < 8; n++)
        ck_assert_int_eq(dist_msg_decode(b, n, &m, why, sizeof why), -1); /* truncated */
    b[0] = 1;
    b[4] = 3; /* three ids, but only 24 bytes follow */
    ck_assert_int_eq(dist_msg_decode(b, 8 + 24, &m, why, sizeof why), -1);
    ck_assert(strstr(why, "does not carry") != NULL);
    ck_assert_int_eq(dist_msg_decode(b, 8 + 36, &m, why, sizeof why), 0);
    b[0] = 0; /* sequence numbers start at 1 */
    ck_assert_int_eq(dist_msg_decode(b, 8 + 36, &m, why, sizeof why), -1);
    ck_assert_int_eq(dist_decide_decode(b, 12, &d, why, sizeof why), -1);
    b[12] = 3; /* unknown outcome */
    ck_assert_int_eq(dist_decide_decode(b, 13, &d, why, sizeof why), -1);
    b[12] = 2;
    ck_assert_int_eq(dist_decide_decode(b, 13, &d, why, sizeof why), 0);
    ck_assert_int_eq(dist_hello_decode(b, 79, &hello, why, sizeof why), -1);
}
END_TEST

/* The frames between the ranks and the --hosts launcher, and the rank
 * header a --serve host reads: round trips, then every truncation and
 * random bytes, rejected with a reason and never read past the end. */
START_TEST(launcher_frames)
{
    char why[120], addr[DIST_ADDR_MAX];
    DistAddr in[3] = {{0, 0, "127.0.0.1:4000"}, {2, 5, "[::1]:17"}, {63, 1, "10.1.2.3:65535"}};
    DistAddr out[64];
    uint32_t count = 99;
    DistBuf b = {0};
    ck_assert_int_eq(dist_peers_encode(&b, in, 3), 0);
    ck_assert_int_eq(dist_peers_decode(b.b, b.n, 64, out, 64, &count, why, sizeof why), 0);
    ck_assert_uint_eq(count, 3);
    for (int i = 0; i < 3; i++) {
        ck_assert_uint_eq(out[i].rank, in[i].rank);
        ck_assert_uint_eq(out[i].incarnation, in[i].incarnation);
        ck_assert_str_eq(out[i].addr, in[i].addr);
    }
    for (size_t n = 0; n < b.n; n++)
        ck_assert_int_eq(dist_peers_decode(b.b, n, 64, out, 64, &count, why, sizeof why), -1);
    ck_assert_int_eq(dist_peers_decode(b.b, b.n, 63, out, 64, &count, why, sizeof why), -1);
    ck_assert_str_eq(why, "PEERS names rank 63");
    ck_assert_int_eq(dist_peers_decode(b.b, b.n, 64, out, 2, &count, why, sizeof why), -1);
    ck_assert_str_eq(why, "PEERS with 3 entries");
    dist_buf_free(&b);

    ck_assert_int_eq(dist_addr_decode((const uint8_t *)"1.2.3.4:5", 9, addr, why, sizeof why), 0);
    ck_assert_str_eq(addr, "1.2.3.4:5");
    ck_assert_int_eq(dist_addr_decode((const uint8_t *)"a b", 3, addr, why, sizeof why), -1);
    ck_assert_int_eq(dist_addr_decode((const uint8_t *)"", 0, addr, why, sizeof why), -1);
    uint8_t longer[100];
    memset(longer, 'x', sizeof longer);
    ck_assert_int_eq(dist_addr_decode(longer, 80, addr, why, sizeof why), -1);
    ck_assert_int_eq(dist_addr_decode(longer, 79, addr, why, sizeof why), 0);

    DistRankHeader h = {.rank = 3, .size = 4, .incarnation = 2, .kill_after = 41}, g;
    snprintf(h.launcher, sizeof h.launcher, "127.0.0.1:39001");
    size_t used = 0;
    ck_assert_int_eq(dist_rank_header_encode(&b, &h), 0);
    ck_assert_int_eq(dist_buf_put(&b, "IMAGE", 5), 0);
    ck_assert_int_eq(dist_rank_header_decode(b.b, b.n, &g, &used, why, sizeof why), 0);
    ck_assert_uint_eq(used, b.n - 5);
    ck_assert_uint_eq(g.rank, 3);
    ck_assert_uint_eq(g.size, 4);
    ck_assert_uint_eq(g.incarnation, 2);
    ck_assert_uint_eq(g.kill_after, 41);
    ck_assert_str_eq(g.launcher, "127.0.0.1:39001");
    for (size_t n = 8; n < used; n++)
        ck_assert_int_eq(dist_rank_header_decode(b.b, n, &g, &used, why, sizeof why), -1);
    /* not a rank header: an ordinary image goes on as a migration */
    ck_assert_int_eq(dist_rank_header_decode((const uint8_t *)"#!/usr/bin/env firvm\n", 21, &g,
                                             &used, why, sizeof why), 1);
    b.b[12] = 0; /* size 0 */
    ck_assert_int_eq(dist_rank_header_decode(b.b, b.n, &g, &used, why, sizeof why), -1);
    dist_buf_free(&b);

    srand(99);
    for (int iter = 0; iter < 20000; iter++) {
        uint8_t r[200];
        size_t n = (size_t)rand() % sizeof r;
        for (size_t i = 0; i < n; i++)
            r[i] = (uint8_t)rand();
        if (n >= 4 && iter % 2)
            r[0] = (uint8_t)(iter % 4), r[1] = r[2] = r[3] = 0;
        if (n >= 8 && iter % 3 == 0)
            memcpy(r, DIST_RANK_MAGIC, 8);
        int rc = dist_peers_decode(r, n, 64, out, 64, &count, why, sizeof why);
        ck_assert(rc == 0 || rc == -1);
        if (rc == 0)
            for (uint32_t i = 0; i < count; i++)
                ck_assert(out[i].rank < 64 && strlen(out[i].addr) > 0);
        rc = dist_rank_header_decode(r, n, &g, &used, why, sizeof why);
        ck_assert(rc == 0 || rc == 1 || rc == -1);
        if (rc == 0)
            ck_assert(used <= n && g.rank < g.size);
        (void)dist_addr_decode(r, n, addr, why, sizeof why);
    }
}
END_TEST

static int collect(const DistLogged *m, void *ctx)
{
    DistLogged *got = ctx;
    uint32_t i = got[0].to++; /* got[0] counts, got[1..] are the messages */
    got[i + 1] = *m;
    return 0;
}

/* The log a checkpoint image keeps: a round trip, the empty log, every
 * truncation and every damaged field refused whole. */
START_TEST(image_log)
{
    DistBuf b = {0};
    ck_assert_int_eq(dist_log_start(&b), 0);
    DistLogged got[8] = {{0}};
    char why[120];
    ck_assert_int_eq(dist_log_decode(b.b, b.n, 4, collect, got, why, sizeof why), 0);
    ck_assert_uint_eq(got[0].to, 0);
    ck_assert_int_eq(dist_log_put(&b, 1, 7, (const uint8_t *)"seven", 5), 0);
    ck_assert_int_eq(dist_log_put(&b, 3, 8, NULL, 0), 0);
    ck_assert_int_eq(dist_log_put(&b, 1, 9, (const uint8_t *)"nine!", 5), 0);
    ck_assert_uint_eq(b.n, 4 + 3 * 12 + 10);
    ck_assert_int_eq(dist_log_decode(b.b, b.n, 4, collect, got, why, sizeof why), 0);
    ck_assert_uint_eq(got[0].to, 3);
    ck_assert(got[1].to == 1 && got[1].seq == 7 && got[1].len == 5 && memcmp(got[1].data, "seven", 5) == 0);
    ck_assert(got[2].to == 3 && got[2].seq == 8 && got[2].len == 0);
    ck_assert(got[3].to == 1 && got[3].seq == 9 && memcmp(got[3].data, "nine!", 5) == 0);
    for (size_t n = 0; n < b.n; n++) {
        got[0].to = 0;
        ck_assert_int_eq(dist_log_decode(b.b, n, 4, collect, got, why, sizeof why), -1);
        ck_assert_uint_eq(got[0].to, 0); /* nothing given */
    }
    ck_assert_int_eq(dist_log_decode(b.b, b.n, 3, collect, got, why, sizeof why), -1);
    ck_assert_str_eq(why, "log message to rank 3");
    b.b[4 + 4] = 0; /* the first message's seq 0 */
    ck_assert_int_eq(dist_log_decode(b.b, b.n, 4, collect, got, why, sizeof why), -1);
    ck_assert_str_eq(why, "log message 0 has sequence number 0");
    b.b[4 + 4] = 7;
    b.b[4 + 8] = 200; /* longer than the log */
    ck_assert_int_eq(dist_log_decode(b.b, b.n, 4, collect, got, why, sizeof why), -1);
    ck_assert_str_eq(why, "log message 0 is longer than the log");
    b.b[4 + 8] = 5;
    ck_assert_int_eq(dist_buf_put(&b, "x", 1), 0);
    ck_assert_int_eq(dist_log_decode(b.b, b.n, 4, collect, got, why, sizeof why), -1);
    ck_assert_str_eq(why, "log with 1 bytes too many");
    dist_buf_free(&b);
}
END_TEST

/* Random bytes and random truncations of valid frames through the whole
 * decoding path: no crash, and each result is one of the documented ones. */
START_TEST(random_input)
{
    srand(1234);
    uint8_t buf[512];
    for (int iter = 0; iter < 20000; iter++) {
        size_t n = (size_t)rand() % sizeof buf;
        if (iter % 2) {
            DistBuf f = make_msg((uint64_t)iter);
            n = f.n < n ? f.n : n;
            memcpy(buf, f.b, n);
            if (n && iter % 4 == 1)
                buf[rand() % n] = (uint8_t)rand();
            dist_buf_free(&f);
        } else {
            for (size_t i = 0; i < n; i++)
                buf[i] = (uint8_t)rand();
            if (n >= 6 && iter % 3 == 0) {
                memcpy(buf, "FIRD", 4);
                buf[4] = DIST_VERSION;
            }
        }
        DistHeader h;
        char why[120];
        int rc = dist_header_parse(buf, n, &h, why, sizeof why);
        ck_assert(rc == 0 || rc == 1 || rc == -1);
        if (rc != 1 || DIST_HEADER + (size_t)h.len > n)
            continue;
        uint8_t *body = buf + DIST_HEADER;
        size_t len = h.len;
        if (h.flags & DIST_FLAG_SEALED) {
            if (dist_frame_open(buf, body, len, key, (uint64_t)iter) < 0)
                continue;
            len -= DIST_TAG_BYTES;
        }
        DistMsg m;
        DistDecide d;
        DistHello hello;
        if (h.type == DIST_F_MSG && dist_msg_decode(body, len, &m, why, sizeof why) == 0)
            for (uint32_t i = 0; i < m.ndeps; i++)
                (void)dist_msg_dep(&m, i);
        (void)dist_decide_decode(body, len, &d, why, sizeof why);
        (void)dist_hello_decode(body, len, &hello, why, sizeof why);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dist_frame");
    TCase *tc = tcase_create("frame");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, roundtrip);
    tcase_add_test(tc, forged_and_replayed);
    tcase_add_test(tc, headers);
    tcase_add_test(tc, bodies);
    tcase_add_test(tc, random_input);
    tcase_add_test(tc, launcher_frames);
    tcase_add_test(tc, image_log);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

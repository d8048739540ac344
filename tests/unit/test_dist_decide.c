/* The decisions of distributed speculations (dist/decide.c): deliveries,
 * joins, drops, commits and rollbacks over the dependency state. */
#include "dist/decide.h"

#include <check.h>
#include <string.h>

#define G(rank, inc, seq) ((SpecId){DIST_OWNER(rank, inc), (seq)})

static DistKnown k;

static void setup(void)
{
    memset(&k, 0, sizeof k);
    k.size = 4;
}

static void teardown(void)
{
    dist_known_free(&k);
}

START_TEST(outcomes)
{
    ck_assert_int_eq(dist_known_outcome(&k, G(1, 0, 5)), DIST_OPEN);
    ck_assert_int_eq(dist_known_decide(&k, G(1, 0, 5), DIST_DONE_COMMIT), 0);
    ck_assert_int_eq(dist_known_outcome(&k, G(1, 0, 5)), DIST_DONE_COMMIT);
    /* the first decision stands */
    ck_assert_int_eq(dist_known_decide(&k, G(1, 0, 5), DIST_DONE_ABORT), 0);
    ck_assert_int_eq(dist_known_outcome(&k, G(1, 0, 5)), DIST_DONE_COMMIT);
    ck_assert_int_eq(dist_known_outcome(&k, G(1, 0, 6)), DIST_OPEN);
    /* rank 1 dies: its undecided speculations are aborted, decided ones stay */
    k.dead[1] = true;
    ck_assert_int_eq(dist_known_outcome(&k, G(1, 0, 6)), DIST_DONE_ABORT);
    ck_assert_int_eq(dist_known_outcome(&k, G(1, 0, 5)), DIST_DONE_COMMIT);
    /* its next incarnation's are open; the old ones stay aborted */
    k.dead[1] = false;
    k.inc[1] = 1;
    ck_assert_int_eq(dist_known_outcome(&k, G(1, 1, 6)), DIST_OPEN);
    ck_assert_int_eq(dist_known_outcome(&k, G(1, 0, 6)), DIST_DONE_ABORT);
    ck_assert_int_eq(dist_known_outcome(&k, G(2, 0, 6)), DIST_OPEN);
}
END_TEST

START_TEST(delivery)
{
    SpecId nd[8];
    uint32_t nn = 99;
    /* a plain message is delivered */
    ck_assert_int_eq(dist_decide_delivery(&k, NULL, 0, NULL, 0, nd, &nn), DIST_DELIVER);
    ck_assert_uint_eq(nn, 0);
    /* a speculative one needs a join of each new id, without duplicates */
    SpecId deps[] = {G(1, 0, 3), G(2, 0, 4), G(1, 0, 3)};
    ck_assert_int_eq(dist_decide_delivery(&k, NULL, 0, deps, 3, nd, &nn), DIST_JOIN);
    ck_assert_uint_eq(nn, 2);
    ck_assert(nd[0].owner == deps[0].owner && nd[0].seq == 3);
    ck_assert(nd[1].owner == deps[1].owner && nd[1].seq == 4);
    /* already joined (a dependency of an open level) or committed: not again */
    SpecId d1[] = {G(1, 0, 3)};
    DistLevel lv[2] = {{.id = 1, .gid = G(0, 0, 1)},
                       {.id = 2, .gid = G(0, 0, 2), .implicit = true, .deps = d1, .ndeps = 1}};
    ck_assert_int_eq(dist_decide_delivery(&k, lv, 2, deps, 3, nd, &nn), DIST_JOIN);
    ck_assert_uint_eq(nn, 1);
    ck_assert(nd[0].seq == 4);
    dist_known_decide(&k, G(2, 0, 4), DIST_DONE_COMMIT);
    ck_assert_int_eq(dist_decide_delivery(&k, lv, 2, deps, 3, nd, &nn), DIST_DELIVER);
    /* one of our own open levels (a reply inside our speculation) */
    SpecId own[] = {G(0, 0, 1)};
    ck_assert_int_eq(dist_decide_delivery(&k, lv, 2, own, 1, nd, &nn), DIST_DELIVER);
    /* any aborted id: the message never happened */
    dist_known_decide(&k, G(3, 0, 9), DIST_DONE_ABORT);
    SpecId ab[] = {G(1, 0, 3), G(3, 0, 9)};
    ck_assert_int_eq(dist_decide_delivery(&k, lv, 2, ab, 2, nd, &nn), DIST_DROP);
}
END_TEST

START_TEST(actions)
{
    int32_t level = 0;
    SpecId da[] = {G(1, 0, 3)}, db[] = {G(2, 0, 4), G(3, 0, 5)};
    DistLevel lv[3] = {{.id = 1, .gid = G(0, 0, 1)},
                       {.id = 2, .gid = G(0, 0, 2), .implicit = true, .deps = da, .ndeps = 1},
                       {.id = 3, .gid = G(0, 0, 3), .implicit = true, .deps = db, .ndeps = 2}};
    ck_assert_int_eq(dist_decide_action(&k, lv, 3, &level), DIST_NONE);
    ck_assert(dist_has_implicit(lv, 3));
    ck_assert(!dist_has_implicit(lv, 1));
    /* level 3 waits for both of its speculations */
    dist_known_decide(&k, G(2, 0, 4), DIST_DONE_COMMIT);
    ck_assert_int_eq(dist_decide_action(&k, lv, 3, &level), DIST_NONE);
    dist_known_decide(&k, G(3, 0, 5), DIST_DONE_COMMIT);
    ck_assert_int_eq(dist_decide_action(&k, lv, 3, &level), DIST_COMMIT_LEVEL);
    ck_assert_int_eq(level, 3);
    /* an abort wins over a commit, and the outermost aborted level goes */
    dist_known_decide(&k, G(1, 0, 3), DIST_DONE_ABORT);
    ck_assert_int_eq(dist_decide_action(&k, lv, 3, &level), DIST_ABORT_LEVEL);
    ck_assert_int_eq(level, 2);
    /* the failure of an owner aborts what depends on it */
    SpecId dc[] = {G(2, 0, 8)};
    DistLevel one[1] = {{.id = 5, .gid = G(0, 0, 9), .implicit = true, .deps = dc, .ndeps = 1}};
    ck_assert_int_eq(dist_decide_action(&k, one, 1, &level), DIST_NONE);
    k.dead[2] = true;
    ck_assert_int_eq(dist_decide_action(&k, one, 1, &level), DIST_ABORT_LEVEL);
    ck_assert_int_eq(level, 5);
    /* explicit levels are the program's: never committed for it */
    DistLevel ex[1] = {{.id = 1, .gid = G(0, 0, 1)}};
    ck_assert_int_eq(dist_decide_action(&k, ex, 1, &level), DIST_NONE);
}
END_TEST

/* An explicit level committed while a later implicit one was open stays
 * open (pending) and is committed once no implicit level follows it. */
START_TEST(pending)
{
    int32_t level = 0;
    SpecId da[] = {G(1, 0, 3)};
    DistLevel lv[3] = {{.id = 1, .gid = G(0, 0, 1), .pending = true},
                       {.id = 2, .gid = G(0, 0, 2), .implicit = true, .deps = da, .ndeps = 1},
                       {.id = 3, .gid = G(0, 0, 3)}};
    ck_assert(dist_implicit_after(lv, 3, 0));
    ck_assert(!dist_implicit_after(lv, 3, 1));
    ck_assert_int_eq(dist_decide_action(&k, lv, 3, &level), DIST_NONE);
    ck_assert(dist_has_implicit(lv, 1)); /* a pending level is waited for */
    dist_known_decide(&k, G(1, 0, 3), DIST_DONE_COMMIT);
    ck_assert_int_eq(dist_decide_action(&k, lv, 3, &level), DIST_COMMIT_LEVEL);
    ck_assert_int_eq(level, 2); /* the implicit level first */
    DistLevel after[2] = {lv[0], lv[2]};
    ck_assert_int_eq(dist_decide_action(&k, after, 2, &level), DIST_COMMIT_LEVEL);
    ck_assert_int_eq(level, 1); /* then the pending one */
}
END_TEST

START_TEST(depends)
{
    SpecId d[] = {G(1, 0, 3)};
    DistLevel lv[1] = {{.id = 1, .gid = G(0, 0, 1), .implicit = true, .deps = d, .ndeps = 1}};
    ck_assert(dist_depends_on(lv, 1, G(0, 0, 1)));
    ck_assert(dist_depends_on(lv, 1, G(1, 0, 3)));
    ck_assert(!dist_depends_on(lv, 1, G(1, 1, 3)));
    ck_assert(!dist_depends_on(lv, 0, G(0, 0, 1)));
}
END_TEST

START_TEST(many_decisions)
{
    for (uint64_t i = 1; i <= 5000; i++)
        ck_assert_int_eq(dist_known_decide(&k, G(i % 4, 0, i), i % 3 ? DIST_DONE_COMMIT
                                                                      : DIST_DONE_ABORT), 0);
    ck_assert_uint_eq(k.ndec, 5000);
    ck_assert_int_eq(dist_known_outcome(&k, G(1, 0, 1)), DIST_DONE_COMMIT);
    ck_assert_int_eq(dist_known_outcome(&k, G(3, 0, 3)), DIST_DONE_ABORT);
    ck_assert_int_eq(dist_known_outcome(&k, G(3, 0, 4)), DIST_OPEN);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("dist_decide");
    TCase *tc = tcase_create("decide");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, outcomes);
    tcase_add_test(tc, delivery);
    tcase_add_test(tc, actions);
    tcase_add_test(tc, pending);
    tcase_add_test(tc, depends);
    tcase_add_test(tc, many_decisions);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

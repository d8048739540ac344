/* Three nested speculation levels are open at the migration point, each
 * with its own changes (a global, a 256 KiB global saved per page, the
 * frame of a function that entered a level and returned inside it) and its
 * own held output.  After the migration they end as argv[2] says:
 *   commit       commit(b), commit(a), commit(c): out of order
 *   abort-mid    abort(b): b and c roll back, execution goes back into the
 *                returned frame of enter(); then commit(a)
 *   abort-outer  abort(a): everything rolls back */
#include <migrate.h>
#include <speculate.h>
#include <stdio.h>
#include <string.h>

int g[3];
unsigned char big[256 << 10];

static void show(const char *when)
{
    printf("%s: g %d %d %d big %d %d %d\n", when, g[0], g[1], g[2], big[5000], big[100000],
           big[250000]);
    fflush(stdout);
}

static void fill(int *v, int n)
{
    for (int i = 0; i < n; i++)
        v[i] = i + 1;
}

/* Enters a level inside this frame, which returns while the level is open. */
static int enter(void)
{
    int loc[4];
    fill(loc, 4);
    int l = speculate();
    if (l == 0) {
        printf("back in enter's frame: loc %d %d %d %d\n", loc[0], loc[1], loc[2], loc[3]);
        return 0;
    }
    loc[0] = 99;
    return l;
}

int main(int argc, char **argv)
{
    if (argc < 3)
        return 2;
    const char *target = argv[1], *how = argv[2];
    show("start");
    int a = speculate();
    if (a == 0) {
        show("a aborted");
        return 0;
    }
    g[0] = 1;
    big[5000] = 11;
    printf("in a (%d)\n", a);
    fflush(stdout);
    int b = enter();
    if (b == 0) {
        show("b aborted");
        commit(a);
        show("a committed");
        return 0;
    }
    g[1] = 2;
    big[100000] = 22;
    printf("in b (%d)\n", b);
    fflush(stdout);
    int c = speculate();
    if (c == 0) {
        show("c aborted");
        return 1;
    }
    g[2] = 3;
    big[250000] = 33;
    big[5000] = 44;
    printf("in c (%d)\n", c);
    fflush(stdout);
    int r = strcmp(target, "none") ? migrate(target) : 0;
    printf("migrate returned %d\n", r);
    fflush(stdout);
    if (strcmp(how, "commit") == 0) {
        commit(b);
        commit(a);
        show("a and b committed, c open");
        commit(c);
        show("all committed");
    } else if (strcmp(how, "abort-mid") == 0) {
        abort(b);
    } else {
        abort(a);
    }
    return 0;
}

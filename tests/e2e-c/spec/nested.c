/* Nested levels: ids, in-order and out-of-order commits, abort of a middle
 * level (which rolls back every later level too and resumes at the middle
 * level's speculate, which returns 0). */
#include <speculate.h>
#include <stdio.h>

int g;

int main(void)
{
    int a = speculate();
    g = 1;
    int b = speculate();
    g = 2;
    int c = speculate();
    g = 3;
    int d = speculate();
    g = 4;
    printf("ids %d %d %d %d, g=%d\n", a, b, c, d, g);
    commit(b); /* a middle level first: c and d keep their ids */
    commit(d);
    commit(a);
    int e = speculate(); /* the innermost open level is c: e = c + 1 */
    printf("e=%d\n", e);
    commit(c);
    commit(e);
    printf("all committed, g=%d\n", g);

    int x = 0;
    int l1 = speculate();
    if (l1 == 0) {
        printf("l1 returned 0: x=%d g=%d\n", x, g);
        return 0;
    }
    x = 1;
    g = 10;
    int l2 = speculate();
    if (l2 == 0) {
        printf("l2 returned 0: x=%d g=%d\n", x, g);
    } else {
        x = 2;
        g = 20;
        int l3 = speculate();
        x = 3;
        g = 30;
        printf("ids %d %d %d, x=%d g=%d\n", l1, l2, l3, x, g);
        abort(l2); /* l3 goes too */
        printf("not reached\n");
    }
    int l4 = speculate(); /* l1 is still open: l4 = l1 + 1 again */
    printf("l4=%d\n", l4);
    g = 40;
    commit(l1);
    commit(l4);
    printf("x=%d g=%d\n", x, g);

    /* abort of the outermost level: everything since, output included */
    int l5 = speculate();
    if (l5 == 0) {
        printf("l5 returned 0: x=%d g=%d\n", x, g);
        return 0;
    }
    x = 5;
    g = 50;
    int l6 = speculate();
    printf("inside l6=%d: lost\n", l6);
    fflush(stdout);
    abort(l5);
    printf("not reached\n");
}

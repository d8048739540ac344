/* A later designator replaces what an earlier one (often a GNU range) put in the
   same subobject (C11 6.7.9p19): for pointers (relocations) as for bytes, in
   globals and locals, over arrays, structs, nested arrays and unions. */
#include <stdio.h>
typedef int (*fptr)(void);
static int f(void) { return 1; }
static int g(void) { return 2; }
static int h(void) { return 3; }
static int k = 40, m = 50;

fptr table[3] = { [0 ... 2] = &f, [0] = g, [1] = h };
fptr twice[4] = { [0 ... 3] = f, [1 ... 2] = g, [2] = h };
struct op { const char *name; fptr fn; int n; };
struct op ops[4] = { [0 ... 3] = { "dflt", f, 9 }, [2] = { "two", h, 2 }, [1].fn = g,
                     [3] = { .n = 5 } };
const char *names[2][3] = { [0 ... 1] = { [0 ... 2] = "x" }, [1][1] = "mid", [0] = { "a" } };
char strs[3][4] = { [0 ... 2] = "abc", [0] = "x", [2][1] = 'Q' };
int nums[5] = { [0 ... 4] = 7, [2] = 1 };
int *ptrs[3] = { [0 ... 2] = &nums[4], [1] = &nums[2] };
union u { int *p; long bits; };
union u us[3] = { [0 ... 2] = { .p = &k }, [1] = { .bits = 12 }, [2].p = &m };
struct grid { int *cell[2][2]; int tag; };
struct grid gr = { .cell = { [0 ... 1] = { [0 ... 1] = &k } }, .cell[1][0] = &m,
                   .cell[0] = { 0 }, .tag = 1 };

static void show_ops(const struct op *o, int n)
{
    for (int i = 0; i < n; i++)
        printf("%s %d %d\n", o[i].name ? o[i].name : "(null)", o[i].fn ? o[i].fn() : -1, o[i].n);
}

int main(void)
{
    printf("%d %d %d\n", table[0](), table[1](), table[2]());
    printf("%d %d %d %d\n", twice[0](), twice[1](), twice[2](), twice[3]());
    show_ops(ops, 4);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            printf("%s%c", names[i][j] ? names[i][j] : "(null)", j == 2 ? '\n' : ' ');
    for (int i = 0; i < 3; i++)
        printf("%s %d %d|", strs[i], strs[i][1], strs[i][2]);
    printf("\n");
    for (int i = 0; i < 5; i++)
        printf("%d ", nums[i]);
    printf("%d %d %d\n", *ptrs[0], *ptrs[1], *ptrs[2]);
    printf("%d %ld %d\n", *us[0].p, us[1].bits, *us[2].p);
    printf("%d %d %d %d %d\n", gr.cell[0][0] == 0, gr.cell[0][1] == 0, *gr.cell[1][0],
           *gr.cell[1][1], gr.tag);

    fptr ltable[3] = { [0 ... 2] = &f, [0] = g, [1] = h };
    struct op lops[3] = { [0 ... 2] = { "dflt", f, 9 }, [2] = { "two", h, 2 }, [1].fn = g };
    const char *lnames[2][3] = { [0 ... 1] = { [0 ... 2] = "x" }, [1][1] = "mid", [0] = { "a" } };
    char lstrs[2][4] = { [0 ... 1] = "abc", [0] = "x" };
    printf("%d %d %d\n", ltable[0](), ltable[1](), ltable[2]());
    show_ops(lops, 3);
    printf("%s %s %s %s %d\n", lnames[0][0], lnames[0][1] ? "?" : "(null)", lnames[1][1],
           lstrs[0], lstrs[0][2]);
    return 0;
}

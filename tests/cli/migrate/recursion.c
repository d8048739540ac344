/* Deep recursion with locals, floats and setjmp live across the migration:
 * migrate() is called at the bottom of 3000 frames. */
#include <migrate.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

static char target[512];
static jmp_buf top;

static double deep(int n, float f, long acc)
{
    char local[24]; /* an address-taken local: a frame block in every frame */
    snprintf(local, sizeof local, "level %d", n);
    if (n == 0) {
        int r = target[0] ? migrate(target) : 0;
        printf("migrate returned %d at the bottom (%s)\n", r, local);
        return f + (double)acc;
    }
    return deep(n - 1, f * 1.0001f, acc + (long)strlen(local)) + 0.5;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "none") != 0)
        snprintf(target, sizeof target, "%s", argv[1]);
    printf("start\n");
    fflush(stdout);
    int v = setjmp(top);
    if (v == 0) {
        printf("deep = %.6f\n", deep(3000, 1.5f, 0));
        longjmp(top, 42);
    }
    printf("longjmp delivered %d\n", v);
    return 7;
}

/* Locals whose address is taken live in frame blocks.  A frame that returns
 * inside a level releases its blocks, and a rollback to a point where that
 * frame was live brings them back exactly (the frame arena cannot hand their
 * memory to anyone else meanwhile). */
#include <speculate.h>
#include <stdio.h>
#include <string.h>

static int level;

static int fill(int depth)
{
    char buf[64];
    memset(buf, 'a' + depth, sizeof buf);
    if (depth == 0)
        return buf[0];
    return fill(depth - 1) + buf[63];
}

/* Speculates inside a frame with local arrays, returns (releasing them), and
 * the caller aborts: the rollback resumes inside this frame again. */
static int inner(int *out)
{
    int local[8];
    char name[16];
    for (int i = 0; i < 8; i++)
        local[i] = i * i;
    strcpy(name, "inner frame");
    int *alias = &local[3];
    level = speculate();
    if (level == 0) {
        printf("back in inner: local[3]=%d *alias=%d name=%s\n", local[3], *alias, name);
        *out = local[7];
        return 0;
    }
    local[3] = -1;
    strcpy(name, "overwritten");
    *out = fill(20); /* deep calls reuse the frame arena above us */
    return 1;
}

int main(void)
{
    int v = 0;
    if (inner(&v)) {
        /* inner has returned: its blocks were released inside the level */
        char big[200];
        memset(big, 'z', sizeof big); /* would reuse inner's arena space */
        printf("lost: v=%d %c\n", v, big[0]);
        abort(level);
    }
    printf("v=%d\n", v);
    return 0;
}

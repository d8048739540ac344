/* A checkpoint taken from inside a hot loop; the image resumes the loop. */
#include <migrate.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    double x = 1.0;
    unsigned long h = 5381;
    for (int i = 0; i < 200000; i++) {
        x = x * 1.0000001 + 0.5 / (i + 1);
        h = h * 33 + (unsigned long)i;
        if (i == 100000 && argc > 1 && migrate(argv[1]) < 0)
            return 1;
    }
    printf("%.6f %lx\n", x, h);
    return 0;
}

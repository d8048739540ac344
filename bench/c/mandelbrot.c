/* Floating point: Mandelbrot set membership counts. */
#include <stdio.h>

int main(void)
{
    const int size = 1000, max_iter = 100;
    long inside = 0;
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            double cr = 2.0 * x / size - 1.5, ci = 2.0 * y / size - 1.0;
            double zr = 0, zi = 0;
            int i = 0;
            while (i < max_iter && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                i++;
            }
            if (i == max_iter)
                inside++;
        }
    }
    printf("%ld\n", inside);
    return 0;
}

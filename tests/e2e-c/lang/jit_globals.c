/* Global arrays and structs read and written in loops (the JIT knows their
   table entries at compile time), under speculate() (the first store of a
   level saves the block; abort restores it), and through a pointer cast from
   a global's address and back. */
#include <speculate.h>
#include <stdint.h>
#include <stdio.h>

static int table[256];
static long long wide[64];
static struct { int count; double mean; char tag[8]; } stats;
static unsigned char bytes[1000];

static long long work(int round)
{
    long long s = 0;
    for (int i = 0; i < 256; i++) {
        table[i] = table[(i + 1) & 255] + i * round;
        s += table[i] ^ table[255 - i];
    }
    for (int i = 0; i < 64; i++) {
        wide[i] += (long long)table[i * 4] << 20;
        s -= wide[i] % 1000;
    }
    for (int i = 0; i < 1000; i++) {
        bytes[i] = (unsigned char)(bytes[i] * 31 + i);
        s += bytes[i];
    }
    stats.count++;
    stats.mean += (double)s / 1000;
    stats.tag[round % 7] = (char)('a' + round % 26);
    return s;
}

int main(void)
{
    long long s = 0;
    for (int round = 0; round < 40; round++) {
        int l = speculate();
        if (l > 0) {
            s += work(round);
            if (round % 4 == 1)
                abort(l);          /* table, wide, bytes and stats as before */
            commit(l);
        } else {
            s += 1;
        }
    }
    uintptr_t raw = (uintptr_t)(void *)&table[10];
    int *back = (int *)(void *)raw;
    long long t = 0;
    for (int i = 0; i < 100; i++)
        t += back[i] + table[i + 10];
    stats.tag[7] = 0;
    printf("%lld %lld %d %.3f %s\n", s, t, stats.count, stats.mean, stats.tag);
    return 0;
}

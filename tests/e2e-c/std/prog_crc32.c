/* CRC-32 (IEEE 802.3), Adler-32 and FNV-1a over fixed inputs. */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static uint32_t table[256];

static void init_table(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

static uint32_t crc32(uint32_t crc, const void *data, size_t n)
{
    const unsigned char *p = data;
    crc = ~crc;
    while (n--)
        crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static uint32_t crc32_bitwise(const char *s)
{
    uint32_t crc = 0xffffffffu;
    for (; *s; s++) {
        crc ^= (unsigned char)*s;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    return ~crc;
}

static uint32_t adler32(const char *s)
{
    uint32_t a = 1, b = 0;
    for (; *s; s++) {
        a = (a + (unsigned char)*s) % 65521;
        b = (b + a) % 65521;
    }
    return b << 16 | a;
}

static uint64_t fnv1a64(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

int main(void)
{
    init_table();
    printf("table[1]=%08x table[255]=%08x\n", table[1], table[255]);
    const char *inputs[] = { "", "a", "abc", "123456789", "The quick brown fox jumps over the lazy dog",
                             "Wikipedia" };
    for (int i = 0; i < 6; i++) {
        const char *s = inputs[i];
        printf("%-45s crc32=%08x bit=%08x adler=%08x fnv=%016llx\n", s, crc32(0, s, strlen(s)),
               crc32_bitwise(s), adler32(s), (unsigned long long)fnv1a64(s));
    }
    const char *whole = "hello, incremental world";
    uint32_t inc = crc32(0, whole, 7);
    inc = crc32(inc, whole + 7, strlen(whole) - 7);
    printf("incremental %d\n", inc == crc32(0, whole, strlen(whole)));
    unsigned char big[4096];
    for (int i = 0; i < 4096; i++)
        big[i] = (unsigned char)(i * 31 + (i >> 8));
    printf("4k crc %08x\n", crc32(0, big, sizeof big));
    return 0;
}

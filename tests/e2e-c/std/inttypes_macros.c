/* <inttypes.h> format macros and functions. */
#include <stdio.h>
#include <inttypes.h>

int main(void)
{
    int8_t i8 = -100;
    uint8_t u8 = 200;
    int16_t i16 = -30000;
    uint16_t u16 = 60000;
    int32_t i32 = -2000000000;
    uint32_t u32 = 4000000000u;
    int64_t i64 = -9000000000000000000LL;
    uint64_t u64 = 18000000000000000000ULL;
    printf("%" PRId8 " %" PRIu8 " %" PRIx8 " %" PRIo8 "\n", i8, u8, u8, u8);
    printf("%" PRId16 " %" PRIu16 " %" PRIX16 "\n", i16, u16, u16);
    printf("%" PRId32 " %" PRIu32 " %" PRIx32 " %" PRIi32 "\n", i32, u32, u32, i32);
    printf("%" PRId64 " %" PRIu64 " %" PRIx64 " %" PRIX64 " %" PRIo64 "\n", i64, u64, u64, u64,
           u64);
    printf("%20" PRId64 "|%-20" PRIu64 "|%#" PRIx64 "\n", i64, u64, u64);
    intmax_t im = INTMAX_MIN;
    uintmax_t um = UINTMAX_MAX;
    printf("%" PRIdMAX " %" PRIuMAX "\n", im, um);
    intptr_t ip = -12345;
    printf("%" PRIdPTR "\n", ip);
    int_least32_t l32 = 77;
    int_fast64_t f64 = -77;
    printf("%" PRIdLEAST32 " %" PRIdFAST64 "\n", l32, f64);

    int64_t s64 = 0;
    uint32_t s32 = 0;
    int16_t s16 = 0;
    uint8_t s8 = 0;
    int n = sscanf("-1234567890123 4000000000 -300 255", "%" SCNd64 " %" SCNu32 " %" SCNd16
                   " %" SCNu8, &s64, &s32, &s16, &s8);
    printf("%d: %" PRId64 " %" PRIu32 " %" PRId16 " %" PRIu8 "\n", n, s64, s32, s16, s8);
    uint64_t hx = 0;
    sscanf("deadbeefcafe", "%" SCNx64, &hx);
    printf("%" PRIx64 "\n", hx);

    char *end;
    intmax_t v = strtoimax("-123456789012345678", &end, 10);
    printf("%" PRIdMAX " %d\n", v, *end == 0);
    uintmax_t uv = strtoumax("0xffffffffffffffff", NULL, 16);
    printf("%" PRIuMAX "\n", uv);
    printf("%" PRIdMAX "\n", imaxabs(-42));
    imaxdiv_t d = imaxdiv(-17, 5);
    printf("%" PRIdMAX " %" PRIdMAX "\n", d.quot, d.rem);
    return 0;
}

/* sprintf/snprintf return values and truncation. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    char buf[64];
    int n = sprintf(buf, "%d-%s-%c", 42, "abc", 'z');
    printf("%d [%s] %zu\n", n, buf, strlen(buf));
    n = sprintf(buf, "%s", "");
    printf("%d [%s]\n", n, buf);
    n = sprintf(buf, "%5.1f|%-6x|", 3.14159, 255);
    printf("%d [%s]\n", n, buf);
    char small[8];
    memset(small, 'Q', sizeof small);
    n = snprintf(small, sizeof small, "%s", "0123456789");
    printf("%d [%s] %d\n", n, small, small[7]);
    memset(small, 'Q', sizeof small);
    n = snprintf(small, 1, "abc");
    printf("%d [%s] %c\n", n, small, small[1]);
    memset(small, 'Q', sizeof small);
    n = snprintf(small, 0, "abc");
    printf("%d %c\n", n, small[0]);
    n = snprintf(NULL, 0, "%d", 123456789);
    printf("%d\n", n);
    n = snprintf(NULL, 0, "%s %s", "hello", "world");
    printf("%d\n", n);
    n = snprintf(small, sizeof small, "%07d", -5);
    printf("%d [%s]\n", n, small);
    n = snprintf(small, 4, "%d", 123456);
    printf("%d [%s]\n", n, small);
    n = snprintf(small, sizeof small, "ab%ncd", &n);
    printf("%d [%s]\n", n, small);
    for (size_t sz = 0; sz <= 6; sz++) {
        char b[8] = "xxxxxxx";
        int r = snprintf(b, sz, "hello");
        printf("sz=%zu r=%d [%s]\n", sz, r, b);
    }
    char path[32];
    snprintf(path, sizeof path, "%s/%s.%s", "dir", "file", "txt");
    printf("%s\n", path);
    char acc[64] = "";
    size_t len = 0;
    for (int i = 0; i < 10; i++)
        len += (size_t)snprintf(acc + len, sizeof acc - len, "%d,", i * i);
    printf("%zu %s\n", len, acc);
    char tiny[16];
    int total = 0;
    size_t used = 0;
    for (int i = 0; i < 5; i++) {
        int w = snprintf(tiny + used, sizeof tiny - used, "[%d]", i * 111);
        total += w;
        if ((size_t)w >= sizeof tiny - used) {
            used = sizeof tiny - 1;
            break;
        }
        used += (size_t)w;
    }
    printf("%d %zu %s\n", total, used, tiny);
    n = sprintf(buf, "%c%c%c", 'a', 0, 'b');
    printf("%d %d %c\n", n, buf[1], buf[2]);
    n = sprintf(buf, "%.3s|%.*s", "abcdef", 2, "xyz");
    printf("%d [%s]\n", n, buf);
    n = sprintf(buf, "%e", 12345.678);
    printf("%d [%s]\n", n, buf);
    n = snprintf(buf, 10, "%f", 3.0);
    printf("%d [%s]\n", n, buf);
    n = snprintf(buf, 5, "%g", 1e-20);
    printf("%d [%s]\n", n, buf);
    return 0;
}

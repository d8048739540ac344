/* A program may define a function the C library also defines; its own wins, as with a
 * static libc archive, and the library's other functions still work. */
#include <stdio.h>
#include <string.h>

int puts(const char *s)
{
    printf("[my puts] %s\n", s);
    return 0;
}

size_t count_calls;
char *strdup(const char *s)
{
    count_calls++;
    return (char *)s;
}

int main(void)
{
    puts("hello");
    char *d = strdup("same");
    printf("%s %zu\n", d, count_calls);
    printf("%zu\n", strlen("library strlen"));
    return 0;
}

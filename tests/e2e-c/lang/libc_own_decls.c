/* C library functions the program declares itself, without their headers, with
   older or different prototypes: gcc warns (-Wbuiltin-declaration-mismatch) and
   the calls reach the library's functions with the values converted. */
int printf(const char *, ...);
int strlen(char *);
char *strcpy();
int puts(char *s);
double sqrt(double);
long atol(const char *);
int abs(int);
int memcmp(char *, char *, int);
char *malloc(unsigned);
void free(char *);
int strcmp(char *a, char *b);
char *memset(char *, int, int);
unsigned strtoul(const char *, char **, int);
int exit(int);

static int count_a(char *s)
{
    int n = 0;
    for (int i = 0; i < strlen(s); i++)
        n += s[i] == 'a';
    return n;
}

int main(void)
{
    char buf[32];
    strcpy(buf, "hello");
    printf("%d\n", strlen(buf));
    printf("%d\n", strlen(buf) - 10 < 0);  /* int arithmetic, as the program declared */
    puts(buf);
    printf("%.3f\n", sqrt(2.0));
    printf("%ld\n", atol("123456"));
    printf("%d\n", abs(-7));
    printf("%d %d\n", memcmp("abc", "abd", 3) < 0, memcmp("abc", "abd", 2));
    char *p = malloc(16u);
    strcpy(p, "banana");
    printf("%s %d %d\n", p, strcmp(p, "banana"), count_a(p));
    memset(p, 'z', 3);
    printf("%s\n", p);
    free(p);
    printf("%u\n", strtoul("4000000000", 0, 10));
    exit(3);
    return 0;
}

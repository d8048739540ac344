int main(void)
{
    char *s = "\x";
    return s[0];
}

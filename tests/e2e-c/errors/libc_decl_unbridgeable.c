/* A C library function declared with a pointer where the library returns an int:
   no conversion bridges the two. */
char *abs(int);
int main(void)
{
    return abs(-1) != 0;
}

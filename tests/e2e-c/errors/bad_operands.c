struct s { int a; };
int main(void)
{
    struct s a = {1}, b = {2};
    return a + b;
}

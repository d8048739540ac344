int main(void)
{
    int x = 1;
    x + 1 = 3;
    return x;
}

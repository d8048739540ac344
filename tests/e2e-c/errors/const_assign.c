int main(void)
{
    const int k = 3;
    k = 4;
    return k;
}

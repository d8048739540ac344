struct P { int x, y; };
int main(void)
{
    const struct P p = { 1, 2 };
    p.y = 3;
    return p.x;
}

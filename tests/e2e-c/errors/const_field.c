struct K { const int id; int n; };
int main(void)
{
    struct K k = { 1, 2 };
    k.n++;
    k.id++;
    return k.n;
}

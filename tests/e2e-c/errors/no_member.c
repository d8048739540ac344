struct p { int x, y; };
int main(void)
{
    struct p v = {1, 2};
    return v.z;
}

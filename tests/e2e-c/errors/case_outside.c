int main(void)
{
    case 3: return 0;
}

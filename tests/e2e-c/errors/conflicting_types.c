int g(int);
double g(int);
int main(void) { return 0; }

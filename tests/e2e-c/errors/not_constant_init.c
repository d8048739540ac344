int f(void);
int g = f();
int main(void) { return g; }

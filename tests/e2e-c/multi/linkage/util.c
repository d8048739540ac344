#include <stdio.h>

int shared_counter = 10;
const char *const greeting = "linked from util.c";
extern int tentative;
static int hidden = 7;
static int helper(void) { return 2; }
static int mul(int a, int b) { return a * b; }

int bump(int by)
{
    shared_counter += by;
    tentative += helper();
    hidden++;
    return shared_counter * 100 + hidden;
}

int (*get_op(void))(int, int) { return mul; }

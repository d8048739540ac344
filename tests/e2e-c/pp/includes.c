/* #include: quoted paths relative to the including file, guards, once,
 * computed includes, nested levels. */
#include <stdio.h>
#include "include/pp_once.h"
#include "include/pp_once.h"
#include "include/pp_guard.h"
#define HEADER "include/pp_guard.h"
#include HEADER
#define STR(x) #x
#define XSTR(x) STR(x)
#define NAME pp_once
#include XSTR(include/NAME.h)

int main(void)
{
    int counter = 0;
#include "include/pp_twice.h"
#include "include/pp_twice.h"
    printf("%d %d %d\n", once_value, guarded_count, counter);
    return 0;
}

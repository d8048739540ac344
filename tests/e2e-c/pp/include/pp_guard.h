#ifndef PP_GUARD_H
#define PP_GUARD_H
static int guarded_count = __INCLUDE_LEVEL__;
#endif

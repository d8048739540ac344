/* stddef.h - FIR guest C library.  Data model: LP64 (size_t is unsigned long). */
#ifndef _STDDEF_H
#define _STDDEF_H

#ifndef __fir_size_t_defined
#define __fir_size_t_defined
typedef unsigned long size_t;
#endif
#ifndef __fir_wchar_t_defined
#define __fir_wchar_t_defined
typedef int wchar_t;
#endif
typedef long ptrdiff_t;
typedef struct {
    long long __max_align_ll;
    double __max_align_d;
} max_align_t;

#ifndef NULL
#define NULL ((void *)0)
#endif
#define offsetof(type, member) __builtin_offsetof(type, member)

#endif

/* uchar.h - FIR guest C library: the types only. */
#ifndef _UCHAR_H
#define _UCHAR_H

#ifndef __fir_size_t_defined
#define __fir_size_t_defined
typedef unsigned long size_t;
#endif
typedef unsigned short char16_t;
typedef unsigned int char32_t;

#endif

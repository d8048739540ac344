/* strings.h - FIR guest C library. */
#ifndef _STRINGS_H
#define _STRINGS_H

#ifndef __fir_size_t_defined
#define __fir_size_t_defined
typedef unsigned long size_t;
#endif

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
int bcmp(const void *a, const void *b, size_t n);
void bcopy(const void *src, void *dst, size_t n);
void bzero(void *s, size_t n);
int ffs(int i);
int ffsl(long i);
int ffsll(long long i);
char *index(const char *s, int c);
char *rindex(const char *s, int c);

#endif

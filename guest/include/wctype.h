/* wctype.h - FIR guest C library: the "C" locale's classes (ASCII only). */
#ifndef _WCTYPE_H
#define _WCTYPE_H

#ifndef __fir_wint_t_defined
#define __fir_wint_t_defined
typedef unsigned int wint_t;
#endif
typedef unsigned long wctype_t;
typedef const int *wctrans_t;
#ifndef WEOF
#define WEOF (0xffffffffu)
#endif

int iswalnum(wint_t c);
int iswalpha(wint_t c);
int iswblank(wint_t c);
int iswcntrl(wint_t c);
int iswdigit(wint_t c);
int iswgraph(wint_t c);
int iswlower(wint_t c);
int iswprint(wint_t c);
int iswpunct(wint_t c);
int iswspace(wint_t c);
int iswupper(wint_t c);
int iswxdigit(wint_t c);
int iswctype(wint_t c, wctype_t desc);
wctype_t wctype(const char *name);
wint_t towlower(wint_t c);
wint_t towupper(wint_t c);
wctrans_t wctrans(const char *name);
wint_t towctrans(wint_t c, wctrans_t desc);

#endif

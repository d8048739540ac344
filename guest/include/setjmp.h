/* setjmp.h - FIR guest C library.  setjmp/longjmp are FIR instructions; a
 * jmp_buf holds the VM's (frame, resume point, stack depth) triple. */
#ifndef _SETJMP_H
#define _SETJMP_H

#ifdef __FIR__
typedef long jmp_buf[3];
#else
typedef long jmp_buf[5]; /* gcc's __builtin_setjmp needs five words (native tests only) */
#endif
typedef jmp_buf sigjmp_buf;

#define setjmp(env) __builtin_setjmp(env)
#define longjmp(env, val) __builtin_longjmp(env, val)
#define _setjmp(env) __builtin_setjmp(env)
#define _longjmp(env, val) __builtin_longjmp(env, val)
#define sigsetjmp(env, savemask) __builtin_setjmp(env)
#define siglongjmp(env, val) __builtin_longjmp(env, val)

#endif

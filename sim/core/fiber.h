/* Fibers: the execution contexts of simulated threads.
 *
 * Every simulated thread runs on its own stack, but all of them run on one
 * operating-system thread, one at a time.  Switching is a plain function call
 * into a few lines of assembly that save the callee-saved registers and the
 * stack pointer; no system call happens on a switch (unlike swapcontext,
 * which saves the signal mask).  x86-64 and aarch64 have assembly versions;
 * other machines fall back to ucontext.
 *
 * Left out: the floating-point control words (MXCSR, x87 control word, FPCR)
 * are not switched, so a simulated program that changes rounding modes sees
 * the change in every thread.
 */
#ifndef SIM_FIBER_H
#define SIM_FIBER_H

#include <stddef.h>

typedef struct sim_fiber {
  void *sp;           /* saved stack pointer while switched out */
  void *stack_lo;     /* lowest usable address of the stack (for ASan) */
  size_t stack_size;  /* usable size in bytes (for ASan) */
#ifdef SIM_FIBER_UCONTEXT
  void *uc;           /* ucontext_t, only for the portable fallback */
#endif
} sim_fiber;

/* Prepares a fiber that, on its first switch-in, calls entry(arg) on the
 * given stack.  entry must never return: a thread that ends switches away
 * for good. */
void sim_fiber_init(sim_fiber *fiber, void *stack_lo, size_t stack_size,
                    void (*entry)(void *), void *arg);

/* Saves the running context into from and resumes to. */
void sim_fiber_switch(sim_fiber *from, sim_fiber *to);

/* Called first thing by every fiber entry function (ASan bookkeeping). */
void sim_fiber_started(sim_fiber *scheduler);

#endif

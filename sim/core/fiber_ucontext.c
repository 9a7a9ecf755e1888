/* Portable fiber fallback on ucontext, for machines without an assembly
 * switch.  It is correct but slow: swapcontext saves the signal mask with a
 * system call on every switch (about a microsecond on the machines we
 * measured), so exploration runs far fewer schedules per second. */
#include "core.h"

#include <stdint.h>
#include <stdlib.h>
#include <ucontext.h>

static void start(unsigned hi_entry, unsigned lo_entry, unsigned hi_arg, unsigned lo_arg) {
  void (*entry)(void *) = (void (*)(void *))(((uintptr_t)hi_entry << 32) | lo_entry);
  void *arg = (void *)(((uintptr_t)hi_arg << 32) | lo_arg);
  entry(arg);
  sim_assert(false, "a fiber's entry function returned");
}

static ucontext_t *context_of(sim_fiber *fiber) {
  if (!fiber->uc) {
    fiber->uc = calloc(1, sizeof(ucontext_t));
    sim_assert(fiber->uc, "out of memory for a fiber context");
  }
  return fiber->uc;
}

void sim_fiber_init(sim_fiber *fiber, void *stack_lo, size_t stack_size,
                    void (*entry)(void *), void *arg) {
  ucontext_t *uc = context_of(fiber);
  uintptr_t e = (uintptr_t)entry, a = (uintptr_t)arg;
  getcontext(uc);
  uc->uc_stack.ss_sp = stack_lo;
  uc->uc_stack.ss_size = stack_size;
  uc->uc_link = NULL;
  makecontext(uc, (void (*)(void))start, 4, (unsigned)(e >> 32), (unsigned)e,
              (unsigned)(a >> 32), (unsigned)a);
  fiber->stack_lo = stack_lo;
  fiber->stack_size = stack_size;
  fiber->sp = NULL;
}

void sim_fiber_started(sim_fiber *scheduler) { (void)scheduler; }

void sim_fiber_switch(sim_fiber *from, sim_fiber *to) {
  swapcontext(context_of(from), context_of(to));
}

/* Fibers on the assembly switch (x86-64, aarch64): building a new fiber's
 * first frame, and the ASan annotations that tell the sanitizer which stack
 * is live after a switch.  See loaderlab.h for what is and is not switched. */
#include "core.h"

#include <stdint.h>

#ifdef LOADERLAB_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

void sim__fiber_switch_asm(void **save_sp, void *load_sp);
void sim__fiber_trampoline(void);

void sim_fiber_init(sim_fiber *fiber, void *stack_lo, size_t stack_size,
                    void (*entry)(void *), void *arg) {
  uintptr_t top = ((uintptr_t)stack_lo + stack_size) & ~(uintptr_t)15;
  void **frame;

  sim_assert(stack_size >= 4096, "a fiber stack needs at least a page");
#ifdef LOADERLAB_ASAN
  /* The memory may hold a dead fiber's poisoned frames from an earlier run. */
  ASAN_UNPOISON_MEMORY_REGION(stack_lo, stack_size);
#endif
#if defined(__x86_64__)
  /* Popped by the switch: r15 r14 r13 r12 rbx rbp, then the return address.
   * After that ret the stack pointer is top-16, 16-byte aligned, as the
   * trampoline's call needs. */
  frame = (void **)(top - 72);
  frame[0] = 0;                              /* r15 */
  frame[1] = 0;                              /* r14 */
  frame[2] = arg;                            /* r13 */
  frame[3] = (void *)(uintptr_t)entry;       /* r12 */
  frame[4] = 0;                              /* rbx */
  frame[5] = 0;                              /* rbp */
  frame[6] = (void *)(uintptr_t)sim__fiber_trampoline;
  frame[7] = 0;
  frame[8] = 0;
#elif defined(__aarch64__)
  frame = (void **)(top - 160);
  for (int i = 0; i < 20; i++) frame[i] = 0;
  frame[0] = (void *)(uintptr_t)entry;       /* x19 */
  frame[1] = arg;                            /* x20 */
  frame[11] = (void *)(uintptr_t)sim__fiber_trampoline; /* x30 */
#else
#error "no assembly fiber switch for this machine; build with fiber_ucontext.c"
#endif
  fiber->sp = frame;
  fiber->stack_lo = stack_lo;
  fiber->stack_size = stack_size;
}

#ifdef LOADERLAB_ASAN
/* The scheduler runs on the operating-system thread's own stack, whose
 * bounds ASan reports on the first switch into a fiber. */
static const void *os_stack_lo;
static size_t os_stack_size;

void sim_fiber_started(sim_fiber *scheduler) {
  __sanitizer_finish_switch_fiber(NULL, &os_stack_lo, &os_stack_size);
  if (scheduler && !scheduler->stack_lo) {
    scheduler->stack_lo = (void *)os_stack_lo;
    scheduler->stack_size = os_stack_size;
  }
}

void sim_fiber_switch(sim_fiber *from, sim_fiber *to) {
  void *fake_stack = NULL;
  const void *lo = to->stack_lo ? to->stack_lo : os_stack_lo;
  size_t size = to->stack_lo ? to->stack_size : os_stack_size;
  __sanitizer_start_switch_fiber(&fake_stack, lo, size);
  sim__fiber_switch_asm(&from->sp, to->sp);
  __sanitizer_finish_switch_fiber(fake_stack, NULL, NULL);
}
#else
void sim_fiber_started(sim_fiber *scheduler) { (void)scheduler; }

void sim_fiber_switch(sim_fiber *from, sim_fiber *to) {
  sim__fiber_switch_asm(&from->sp, to->sp);
}
#endif

/* The thread functions of the Microsoft C runtime's <process.h>:
 * _beginthreadex and _endthreadex (sim/include/process.h).
 *
 * _beginthreadex is CreateThread under another signature: the same thread
 * start (DLL_THREAD_ATTACH under the loader lock first) and the same
 * handle, which the caller closes.  Its routine returns a 32-bit unsigned,
 * which becomes the thread's exit code.  stack_size and initflag are
 * CreateThread's dwStackSize and flags (STACK_SIZE_PARAM_IS_A_RESERVATION
 * included), as the C runtime passes them on.  Failures report through errno,
 * as the C runtime does.
 */
#include "api.h"

#include <errno.h>
#include <process.h>

uintptr_t _beginthreadex(void *security, unsigned stack_size, unsigned (*start)(void *), void *arg,
                         unsigned initflag, unsigned *thrdaddr) {
  SIM_ENTER(_beginthreadex);
  (void)security;
  char where[160];
  if (!start) {
    errno = EINVAL;
    SIM_RETURN((uintptr_t)0);
  }
  if (self->dllmain_depth)
    sim__warn(self, "creates a thread inside DllMain of %s: it cannot start before DllMain "
             "returns, because it needs the loader lock",
             self->dllmain_module ? self->dllmain_module->dll->name : "?");
  /* The loader calls the routine as a thread start routine; the 32-bit
   * exit code is taken from it as such (start_returns_32). */
  LPTHREAD_START_ROUTINE routine = (LPTHREAD_START_ROUTINE)(void (*)(void))start;
  sim_thread *t = sim__thread_create(routine, arg, (initflag & CREATE_SUSPENDED) != 0,
                                    sim__thread_stack_reserve(stack_size, initflag), self);
  t->start_returns_32 = true;
  t->rand_state = 1;
  t->object->created_at = self->ret_addr;
  HANDLE h = sim__handle_open(t->object);
  if (thrdaddr) *thrdaddr = (unsigned)t->id;
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, NULL, "_beginthreadex(%s%s) -> thread %d, handle %#lx",
              sim__describe_code((void *)start, where, sizeof where),
              (initflag & CREATE_SUSPENDED) ? ", CREATE_SUSPENDED" : "", t->id, (unsigned long)(uintptr_t)h);
  SIM_RETURN((uintptr_t)h);
}

void _endthreadex(unsigned code) {
  sim_thread *self = sim__enter(SIM_API__endthreadex, __builtin_return_address(0), __builtin_frame_address(0));
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "_endthreadex(%u)", code);
  sim__thread_exit(self, code);
}

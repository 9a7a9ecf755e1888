/* Explaining a fault that ended a run (core/fault.c captured it).
 *
 * A fault on an unloaded image is an access violation naming the module,
 * what the thread did (executed, read, wrote) and who unloaded it; a
 * breakpoint in a poisoned code page of an unloaded DLL is the same thing;
 * a fault on a thread's guard page is a stack overflow; anything else is a
 * crash with the faulting code's location, named with Windows' exception
 * codes.  A watchdog interrupt is a hang in code that never calls the API.
 */
#include "check.h"

#include <signal.h>

/* Turns what the handler noted into the run's verdict. */
void sim__fault_verdict(sim_run *r, const sim_fault *f) {
  sim_thread *t = r->cur;
  char who[64], where[160], at[160];
  void *addr = f->addr, *pc = f->pc;
  int sig = f->signal;
  int fault_write = f->write;
  sim__thread_label(t, who, sizeof who);

  if (sig == SIGALRM) {
    sim__finish_verdict(SIM_VERDICT_HANG, t, NULL,
                       "%s ran for more than %llu ms of CPU time without calling the Win32 API "
                       "(an endless loop?), at %s",
                       who, (unsigned long long)r->opt.cpu_ms_per_step_max,
                       sim__describe_code(pc, at, sizeof at));
    return;
  }
  if (sig == SIGTRAP || sig == SIGILL) {
    /* A breakpoint in a poisoned page of an unloaded DLL: on x86 the
     * reported address is just past the int3. */
#if defined(__x86_64__)
    void *at_trap = sig == SIGTRAP ? (char *)pc - 1 : pc;
#else
    void *at_trap = pc;
#endif
    if (sim__unloaded_module_at(at_trap)) {
      pc = addr = at_trap;
      sig = SIGSEGV;
    }
  }
  sim_module *m = (sig == SIGSEGV || sig == SIGBUS) ? sim__unloaded_module_at(addr) : NULL;
  if (!m && (sig == SIGSEGV || sig == SIGBUS)) m = sim__unloaded_module_at(pc);
  if (m) {
    bool exec = addr == pc || sim__image_is_text(m->dll->image, (uintptr_t)addr);
    struct strbuf d = {0};
    char unloader[64];
    strbuf_printf(&d, "  %s %s %s, at %s\n", who,
                  exec ? "executed" : fault_write == 1 ? "wrote" : "read",
                  exec ? sim__describe_code(addr, where, sizeof where)
                       : sim__describe_address(addr, where, sizeof where),
                  exec ? "(a call, jump or return into its code)" : sim__describe_code(pc, at, sizeof at));
    strbuf_printf(&d, "  %s was unloaded at step %llu by %s (FreeLibrary: its DLL_PROCESS_DETACH "
                  "ran and its image was unmapped)\n",
                  m->dll->name, (unsigned long long)m->unloaded_step,
                  sim__thread_label(sim__thread_by_id(m->unloaded_by), unloader, sizeof unloader));
    sim__finish_verdict(SIM_VERDICT_ACCESS_VIOLATION, t, strbuf_take(&d),
                       "%s %s %s after it was unloaded (0xC0000005, %s)", who,
                       exec ? "executed code of" : fault_write == 1 ? "wrote data of" : "read data of",
                       m->dll->name, exec ? "execute" : fault_write == 1 ? "write" : "read");
    return;
  }
  if (t && t->stack && (uintptr_t)addr >= (uintptr_t)t->stack->lo - t->stack->guard_size &&
      (uintptr_t)addr < (uintptr_t)t->stack->lo) {
    sim__finish_verdict(SIM_VERDICT_CRASH, t, NULL,
                       "%s overflowed its stack (0xC00000FD) at %s", who,
                       sim__describe_code(pc, at, sizeof at));
    return;
  }
  const char *what = sig == SIGSEGV || sig == SIGBUS ? "access violation (0xC0000005)"
                     : sig == SIGFPE               ? "integer division by zero (0xC0000094)"
                     : sig == SIGILL               ? "illegal instruction (0xC000001D)"
                                                   : "breakpoint (0x80000003)";
  if (sig == SIGSEGV || sig == SIGBUS)
    sim__finish_verdict(SIM_VERDICT_CRASH, t, NULL, "%s crashed: %s %s address %s at %s", who, what,
                       fault_write == 1 ? "writing" : "reading",
                       sim__describe_address(addr, where, sizeof where),
                       sim__describe_code(pc, at, sizeof at));
  else
    sim__finish_verdict(SIM_VERDICT_CRASH, t, NULL, "%s crashed: %s at %s", who, what,
                       sim__describe_code(pc, at, sizeof at));
}

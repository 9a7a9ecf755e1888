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

#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* Where an interrupted thread was: its own code, or a function of a
 * library it called (read, pthread_mutex_lock), or nowhere known. */
static const char *describe_pc(const void *pc, char *buf, size_t size) {
  if (!pc) {
    snprintf(buf, size, "(unknown)");
    return buf;
  }
  if (sim__image_of_address(pc)) return sim__describe_code(pc, buf, size);
  Dl_info info;
  if (dladdr(pc, &info) && info.dli_fname) {
    const char *lib = strrchr(info.dli_fname, '/');
    lib = lib ? lib + 1 : info.dli_fname;
    if (info.dli_sname)
      snprintf(buf, size, "%s+%#lx (%s)", info.dli_sname,
               (unsigned long)((uintptr_t)pc - (uintptr_t)info.dli_saddr), lib);
    else
      snprintf(buf, size, "%s+%#lx", lib, (unsigned long)((uintptr_t)pc - (uintptr_t)info.dli_fbase));
    return buf;
  }
  return sim__describe_code(pc, buf, size);
}

/* The hang verdict of a watchdog interrupt, in words. */
static char *interrupt_message(sim_run *r, sim_thread *t, const sim_fault *f, const void *at) {
  char who[64], where[160];
  struct strbuf m = {0};
  sim__thread_label(t, who, sizeof who);
  if (f->interrupt == SIM_INTERRUPT_WALL)
    strbuf_printf(&m, "%s did not come back to the simulator for more than %llu ms of wall-clock "
                  "time (blocked in a call the simulator does not see?)",
                  who, (unsigned long long)r->opt.wall_ms_per_step_max);
  else
    strbuf_printf(&m, "%s ran for more than %llu ms of CPU time without calling the Win32 API "
                  "(an endless loop?)",
                  who, (unsigned long long)r->opt.cpu_ms_per_step_max);
  if (at) strbuf_printf(&m, ", at %s", describe_pc(at, where, sizeof where));
  return strbuf_take(&m);
}

void sim__interrupted(sim_thread *t, const sim_fault *f, void *at) {
  /* Copied to the stack and freed first: sim__finish does not return. */
  char *msg = interrupt_message(sim__current_run, t, f, at);
  char copy[512];
  snprintf(copy, sizeof copy, "%s", msg);
  free(msg);
  sim__finish(SIM_VERDICT_HANG, t, "%s", copy);
}

/* Turns what the handler noted into the run's verdict. */
void sim__fault_verdict(sim_run *r, const sim_fault *f) {
  sim_thread *t = r->cur;
  char who[64], where[160], at[160];
  void *addr = f->addr, *pc = f->pc;
  int sig = f->signal;
  int fault_write = f->write;
  sim__thread_label(t, who, sizeof who);

  if (sig == SIGALRM) {
    char *msg = interrupt_message(r, t, f, pc);
    sim__finish_verdict(SIM_VERDICT_HANG, t, NULL, "%s", msg);
    free(msg);
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
  if ((sig == SIGSEGV || sig == SIGBUS) && (uintptr_t)pc < 0x10000 && f->caller) {
    /* A call through a function pointer that is NULL: most often the
     * unchecked result of a GetProcAddress that failed. */
    sim__finish_verdict(SIM_VERDICT_CRASH, t, NULL,
                       "%s called a NULL function pointer (0xC0000005, execute %s) from %s: a "
                       "GetProcAddress that failed returns NULL, so check its result before "
                       "calling it",
                       who, sim__describe_address(pc, where, sizeof where),
                       sim__describe_code(f->caller, at, sizeof at));
    return;
  }
  if (t && t->stack && (uintptr_t)addr >= (uintptr_t)t->stack->lo - 4096 &&
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

/* Faults and runaway code in simulated programs.
 *
 * A fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL) while a run is under way is
 * the simulated program's: the handler, on its own stack, notes where it
 * happened and jumps back to the scheduler (sigsetjmp is armed once per
 * run, not per step, because it makes a system call).  The verdict is
 * worked out after the jump, outside the signal handler: a fault on an
 * unloaded image is an access violation naming the module and who
 * unloaded it; a fault on a thread's guard page is a stack overflow;
 * anything else is a crash with the faulting code's location.
 *
 * Code that never calls the Win32 API (an endless loop) would hang the
 * simulator itself, so a watchdog thread samples the CPU time the run has
 * used since its last step and interrupts it (SIGALRM, handled the same
 * way) when one step has used more than options.cpu_ms_per_step_max.
 *
 * Left out: structured exception handling (__try/__except), so a fault is
 * always the end of the run, as an unhandled exception is on Windows.
 */
#include "sim.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "fault.h"

static volatile sig_atomic_t armed;
static volatile int fault_signal;
static void *volatile fault_addr;
static void *volatile fault_pc;
static volatile int fault_write;
static volatile uint64_t watched_step;
static volatile uint64_t run_serial;

static pthread_t main_thread;
static clockid_t main_clock;
static pthread_t watchdog;

static void *pc_of(void *uctx) {
  ucontext_t *uc = uctx;
#if defined(__x86_64__)
  return (void *)uc->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
  return (void *)uc->uc_mcontext.pc;
#else
  (void)uc;
  return NULL;
#endif
}

static int is_write(void *uctx) {
#if defined(__x86_64__)
  ucontext_t *uc = uctx;
  return (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
#else
  (void)uctx;
  return -1;
#endif
}

/* Breakpoints the simulator itself wrote into unloaded code, and later
 * healed, have been seen to trap once more on a virtual machine with
 * software (shadow) paging, a few microseconds after the heal, under load:
 * the memory holds the original instruction again, but the processor
 * fetched the stale one.  Such a trap is resumed at the instruction; the
 * signal delivery and return serialise the processor.  A breakpoint the
 * program put there itself is still in memory, and is reported. */
static unsigned long spurious_traps;

unsigned long sim_crash_spurious_traps(void) { return spurious_traps; }

static bool resume_spurious_trap(sim_run *r, void *uctx) {
#if defined(__x86_64__)
  ucontext_t *uc = uctx;
  unsigned char *at = (unsigned char *)uc->uc_mcontext.gregs[REG_RIP] - 1;
  sim_image *im = sim_image_of_address(at);
  if (!im || !sim_image_is_text(im, (uintptr_t)at) || im->n_poisoned || im->is_protected) return false;
  for (int i = 0; i < r->n_modules; i++)
    if (r->modules[i].dll->image == im && r->modules[i].state != SIM_MOD_LOADED) return false;
  if (*at == 0xCC || spurious_traps > 1000000) return false;
  uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)at;
  spurious_traps++;
  return true;
#else
  (void)r;
  (void)uctx;
  return false;
#endif
}

static void on_signal(int sig, siginfo_t *info, void *uctx) {
  sim_run *r = sim_current_run;
  if (!armed || !r) {
    /* Not the simulated program's fault: crash the way we would have. */
    signal(sig, SIG_DFL);
    return;
  }
  if (sig == SIGTRAP && resume_spurious_trap(r, uctx)) return;
  armed = 0;
  fault_signal = sig;
  fault_addr = sig == SIGALRM ? NULL : info->si_addr;
  fault_pc = pc_of(uctx);
  fault_write = sig == SIGSEGV ? is_write(uctx) : 0;
  siglongjmp(r->crash_jmp, sig);
}

static void *watch(void *arg) {
  (void)arg;
  uint64_t last_step = 0, last_serial = 0;
  struct timespec cpu_at_step = {0};
  for (;;) {
    struct timespec nap = {0, 50 * 1000 * 1000};
    nanosleep(&nap, NULL);
    if (!armed) continue;
    sim_run *r = sim_current_run;
    if (!r) continue;
    struct timespec now;
    if (clock_gettime(main_clock, &now) != 0) continue;
    uint64_t step = watched_step, serial = run_serial;
    if (step != last_step || serial != last_serial) {
      last_step = step;
      last_serial = serial;
      cpu_at_step = now;
      continue;
    }
    int64_t used_ms = (now.tv_sec - cpu_at_step.tv_sec) * 1000 +
                      (now.tv_nsec - cpu_at_step.tv_nsec) / 1000000;
    if (used_ms > (int64_t)r->opt.cpu_ms_per_step_max) {
      last_serial = 0; /* report once */
      pthread_kill(main_thread, SIGALRM);
    }
  }
  return NULL;
}

void sim_crash_install(void) {
  static bool installed;
  if (installed) return;
  installed = true;
  stack_t ss;
  ss.ss_size = 256 * 1024;
  ss.ss_sp = malloc(ss.ss_size);
  ss.ss_flags = 0;
  if (ss.ss_sp) sigaltstack(&ss, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGALRM};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
  main_thread = pthread_self();
  if (pthread_getcpuclockid(main_thread, &main_clock) == 0) {
    /* The watchdog must not take signals meant for the simulator. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    if (pthread_create(&watchdog, NULL, watch, NULL) == 0) pthread_detach(watchdog);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
  }
}

void sim_crash_arm(void) {
  run_serial++;
  fault_signal = 0;
  armed = 1;
}

void sim_crash_disarm(void) { armed = 0; }

void sim_crash_note_step(uint64_t step) { watched_step = step; }

/* Turns what the handler noted into the run's verdict. */
void sim_crash_verdict(void) {
  sim_run *r = sim_current_run;
  sim_thread *t = r->cur;
  char who[64], where[160], at[160];
  void *addr = fault_addr, *pc = fault_pc;
  int sig = fault_signal;
  sim_thread_label(t, who, sizeof who);

  if (sig == SIGALRM) {
    sim_finish_verdict(SIM_VERDICT_HANG, t, NULL,
                       "%s ran for more than %llu ms of CPU time without calling the Win32 API "
                       "(an endless loop?), at %s",
                       who, (unsigned long long)r->opt.cpu_ms_per_step_max,
                       sim_describe_code(pc, at, sizeof at));
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
    if (sim_unloaded_module_at(at_trap)) {
      pc = addr = at_trap;
      sig = SIGSEGV;
    }
  }
  sim_module *m = (sig == SIGSEGV || sig == SIGBUS) ? sim_unloaded_module_at(addr) : NULL;
  if (!m && (sig == SIGSEGV || sig == SIGBUS)) m = sim_unloaded_module_at(pc);
  if (m) {
    bool exec = addr == pc || sim_image_is_text(m->dll->image, (uintptr_t)addr);
    struct strbuf d = {0};
    char unloader[64];
    strbuf_printf(&d, "  %s %s %s, at %s\n", who,
                  exec ? "executed" : fault_write == 1 ? "wrote" : "read",
                  exec ? sim_describe_code(addr, where, sizeof where)
                       : sim_describe_address(addr, where, sizeof where),
                  exec ? "(a call, jump or return into its code)" : sim_describe_code(pc, at, sizeof at));
    strbuf_printf(&d, "  %s was unloaded at step %llu by %s (FreeLibrary: its DLL_PROCESS_DETACH "
                  "ran and its image was unmapped)\n",
                  m->dll->name, (unsigned long long)m->unloaded_step,
                  sim_thread_label(sim_thread_by_id(m->unloaded_by), unloader, sizeof unloader));
    sim_finish_verdict(SIM_VERDICT_ACCESS_VIOLATION, t, strbuf_take(&d),
                       "%s %s %s after it was unloaded (0xC0000005, %s)", who,
                       exec ? "executed code of" : fault_write == 1 ? "wrote data of" : "read data of",
                       m->dll->name, exec ? "execute" : fault_write == 1 ? "write" : "read");
    return;
  }
  if (t && t->stack && (uintptr_t)addr >= (uintptr_t)t->stack->lo - 4096 &&
      (uintptr_t)addr < (uintptr_t)t->stack->lo) {
    sim_finish_verdict(SIM_VERDICT_CRASH, t, NULL,
                       "%s overflowed its stack (0xC00000FD) at %s", who,
                       sim_describe_code(pc, at, sizeof at));
    return;
  }
  const char *what = sig == SIGSEGV || sig == SIGBUS ? "access violation (0xC0000005)"
                     : sig == SIGFPE               ? "integer division by zero (0xC0000094)"
                     : sig == SIGILL               ? "illegal instruction (0xC000001D)"
                                                   : "breakpoint (0x80000003)";
  if (sig == SIGSEGV || sig == SIGBUS)
    sim_finish_verdict(SIM_VERDICT_CRASH, t, NULL, "%s crashed: %s %s address %s at %s", who, what,
                       fault_write == 1 ? "writing" : "reading",
                       sim_describe_address(addr, where, sizeof where),
                       sim_describe_code(pc, at, sizeof at));
  else
    sim_finish_verdict(SIM_VERDICT_CRASH, t, NULL, "%s crashed: %s at %s", who, what,
                       sim_describe_code(pc, at, sizeof at));
}

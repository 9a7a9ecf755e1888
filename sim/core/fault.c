/* Faults and runaway code in simulated programs: capturing them.
 *
 * A fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL) while a run is under way is
 * the simulated program's: the handler, on its own stack, notes where it
 * happened and jumps back to the run (sigsetjmp is armed once per run, not
 * per step, because it makes a system call).  The verdict is worked out
 * after the jump, outside the signal handler, by check/fault.c: a fault on
 * an unloaded image is an access violation naming the module and who
 * unloaded it; a fault on a thread's guard page is a stack overflow;
 * anything else is a crash with the faulting code's location.
 *
 * Code that never calls the Win32 API (an endless loop) would hang the
 * simulator itself, so a watchdog thread samples the CPU time the run has
 * used since its last step and interrupts it (SIGALRM, handled the same
 * way) when one step has used more than options.cpu_ms_per_step_max.
 * The interrupt must name the looping code, so one that lands in the hooks
 * the program's instrumented code calls on every memory access (the
 * section loaderlab_hooks, api/memory.c) waits and is sent again.
 *
 * Left out: structured exception handling (__try/__except), so a fault is
 * always the end of the run, as an unhandled exception is on Windows.
 */
#include "core.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>


static volatile sig_atomic_t armed;
static volatile int fault_signal;
static void *volatile fault_addr;
static void *volatile fault_pc;
static volatile int fault_write;
static volatile uint64_t watched_step;
static volatile uint64_t run_serial;
/* Set by sim__fault_arm for the run under way. */
static sigjmp_buf *volatile fault_jmp;
static volatile sig_atomic_t alarm_deferred;
/* The code of the memory-access hooks (absent from a program without them). */
extern char __start_loaderlab_hooks[] __attribute__((weak));
extern char __stop_loaderlab_hooks[] __attribute__((weak));
static volatile uint64_t cpu_ms_max;
static bool (*volatile code_healed)(const void *at);
static sim_fault last;

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

unsigned long sim_fault_spurious_traps(void) { return spurious_traps; }

static bool resume_spurious_trap(void *uctx) {
#if defined(__x86_64__)
  ucontext_t *uc = uctx;
  unsigned char *at = (unsigned char *)uc->uc_mcontext.gregs[REG_RIP] - 1;
  if (!code_healed || !code_healed(at)) return false;
  if (*at == 0xCC || spurious_traps > 1000000) return false;
  uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)at;
  spurious_traps++;
  return true;
#else
  (void)uctx;
  return false;
#endif
}

static void on_signal(int sig, siginfo_t *info, void *uctx) {
  sigjmp_buf *jmp = fault_jmp;
  if (!armed || !jmp) {
    /* Not the simulated program's fault: crash the way we would have. */
    signal(sig, SIG_DFL);
    return;
  }
  if (sig == SIGTRAP && resume_spurious_trap(uctx)) return;
  if (sig == SIGALRM && (char *)pc_of(uctx) >= __start_loaderlab_hooks &&
      (char *)pc_of(uctx) < __stop_loaderlab_hooks) {
    alarm_deferred = 1;
    return;
  }
  armed = 0;
  fault_signal = sig;
  fault_addr = sig == SIGALRM ? NULL : info->si_addr;
  fault_pc = pc_of(uctx);
  fault_write = sig == SIGSEGV ? is_write(uctx) : 0;
  siglongjmp(*jmp, sig);
}

static void *watch(void *arg) {
  (void)arg;
  uint64_t last_step = 0, last_serial = 0;
  struct timespec cpu_at_step = {0};
  for (;;) {
    if (alarm_deferred) {
      /* The interrupt landed in a hook: try again in a moment. */
      alarm_deferred = 0;
      struct timespec moment = {0, 100 * 1000};
      nanosleep(&moment, NULL);
      if (armed) pthread_kill(main_thread, SIGALRM);
      continue;
    }
    struct timespec nap = {0, 50 * 1000 * 1000};
    nanosleep(&nap, NULL);
    if (!armed) continue;
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
    if (used_ms > (int64_t)cpu_ms_max) {
      last_serial = 0; /* report once */
      pthread_kill(main_thread, SIGALRM);
    }
  }
  return NULL;
}

void sim__fault_install(void) {
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

void sim__fault_arm(sigjmp_buf *jmp, uint64_t cpu_ms, bool (*healed)(const void *at)) {
  fault_jmp = jmp;
  cpu_ms_max = cpu_ms;
  code_healed = healed;
  run_serial++;
  fault_signal = 0;
  armed = 1;
}

void sim__fault_disarm(void) {
  armed = 0;
  fault_jmp = NULL;
}

void sim__fault_note_step(uint64_t step) { watched_step = step; }

const sim_fault *sim__fault_last(void) {
  last.signal = fault_signal;
  last.addr = fault_addr;
  last.pc = fault_pc;
  last.write = fault_write;
  return &last;
}


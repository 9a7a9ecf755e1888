/* Faults and runaway code in simulated programs: capturing them.
 *
 * A fault (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP) while a run is under
 * way is the simulated program's: the handler, on its own stack, notes
 * where it happened and jumps back to the run (sigsetjmp is armed once per
 * run, not per step, because it makes a system call).  The verdict is
 * worked out after the jump, outside the signal handler, by check/fault.c:
 * a fault on an unloaded image is an access violation naming the module
 * and who unloaded it; a fault on a thread's guard page is a stack
 * overflow; anything else is a crash with the faulting code's location.
 *
 * Code that never comes back to the simulator (an endless loop, a call
 * that blocks in the operating system) would hang the simulator itself,
 * so a watchdog thread watches the run's progress (its step counter).
 * When one step has used more than cpu_ms_max of the run thread's CPU
 * time, or more than wall_ms_max of wall-clock time (for code blocked
 * without using the CPU), it interrupts the run thread with SIGALRM.
 *
 * Three things make that interrupt safe:
 *
 * - Every process has its own watchdog.  Threads do not survive fork, so a
 *   child (an exploration worker) starts its own at its first run; the
 *   thread and its CPU clock are those of whoever arms the run.
 * - The signal carries the serial number of the run it is meant for
 *   (pthread_sigqueue), and the handler ignores any other: a signal sent
 *   as one run ended cannot end the next, and a SIGALRM the program raised
 *   itself is not a watchdog's.
 * - The handler jumps out only from the simulated program's own code, or
 *   from the C library when the program called it directly.  Interrupted
 *   inside the simulator (its own code, or the C library while
 *   sim__in_simulator says the simulator called it), where a jump could
 *   leave a lock of the C library held or a structure half updated, it
 *   marks the interrupt pending instead, and the simulator ends the run at
 *   its next safe point (sim__fault_take_pending).  Should no safe point
 *   come for twice wall_ms_max, that is a bug of the simulator, and the
 *   watchdog says so and aborts: never a silent hang.  One exception: the
 *   hooks the program's instrumented loads and stores call (api/memory.c)
 *   are the simulator's code on the program's behalf, and an interrupt
 *   that lands there is dropped; the watchdog sends it again.
 *
 * Left out: structured exception handling (__try/__except), so a fault is
 * always the end of the run, as an unhandled exception is on Windows.
 */
#include "core.h"

#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

volatile sig_atomic_t sim__in_simulator = 1;

/* ---- The run being watched (written by the run thread) ------------------------ */

static volatile sig_atomic_t armed;
/* The run's serial number; a watchdog signal carries it (low 31 bits). */
static volatile sig_atomic_t run_serial;
static volatile uint64_t watched_step;
/* The simulator's own long work for the search (state_cache.c growing its
 * tables): the depth of it under way, and a count of its beginnings and
 * ends, which the watchdog takes for progress as it takes a step. */
static volatile sig_atomic_t own_work_depth;
static volatile uint64_t own_work_marks;
static sigjmp_buf *volatile fault_jmp;
static volatile uint64_t cpu_ms_max, wall_ms_max;
static bool (*volatile code_healed)(const void *at);
static bool (*volatile in_program)(const void *pc);
static pthread_t run_thread;
static volatile clockid_t run_clock;

/* ---- What the handler saw ------------------------------------------------------- */

static volatile int fault_signal;
static void *volatile fault_addr;
static void *volatile fault_pc;
static void *volatile fault_caller;
static volatile int fault_write;
static volatile int fault_interrupt;     /* SIM_INTERRUPT_* of a watchdog signal */
/* The serial of a run whose interrupt waits for a safe point, or 0. */
static volatile sig_atomic_t pending_serial;
static volatile int pending_interrupt;
static void *volatile pending_pc;
static volatile sig_atomic_t deferred_in_simulator;
/* The code of the memory-access hooks (absent from a program without them). */
extern char __start_loaderlab_hooks[] __attribute__((weak));
extern char __stop_loaderlab_hooks[] __attribute__((weak));
static sim_fault last;

/* ---- What the watchdog decided (written by the watchdog thread) ----------------- */

static volatile int watchdog_interrupt;  /* SIM_INTERRUPT_* it is sending */

/* The simulator's own code, where the handler never jumps from. */
static uintptr_t own_text_lo, own_text_hi;

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

/* Where a call through a NULL (or tiny) function pointer came from: the
 * call instruction pushed its return address (x86-64) or left it in the
 * link register (aarch64).  Read only when the pc is in the first 64 KiB,
 * where no code is mapped, so the stack pointer is the caller's and valid. */
static void *caller_of(void *uctx, void *pc) {
  if ((uintptr_t)pc >= 0x10000) return NULL;
  ucontext_t *uc = uctx;
#if defined(__x86_64__)
  return *(void **)uc->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
  return (void *)uc->uc_mcontext.regs[30];
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

static bool in_own_text(const void *pc) {
  return (uintptr_t)pc >= own_text_lo && (uintptr_t)pc < own_text_hi;
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

/* A watchdog signal: whether to end the run here and now. */
static bool interrupt_here(const siginfo_t *info, void *pc) {
  if (info->si_code != SI_QUEUE || info->si_value.sival_int != run_serial) return false;
  /* The hooks the program's instrumented loads and stores call (section
   * loaderlab_hooks, api/memory.c) are the simulator's code but run on
   * the program's behalf, in its loops: the interrupt must name the
   * looping code, so it is not taken there, and the watchdog's next
   * signal lands, most likely, in the program itself. */
  if ((char *)pc >= __start_loaderlab_hooks && (char *)pc < __stop_loaderlab_hooks) return false;
  bool jump;
  if (in_program && in_program(pc)) {
    jump = true;
  } else if (in_own_text(pc)) {
    jump = false;
    deferred_in_simulator = 1;
  } else {
    /* The C library (or the vDSO, or a sanitizer's runtime): the
     * program's own call, unless the simulator is the caller. */
    jump = !sim__in_simulator;
    if (!jump) deferred_in_simulator = 1;
  }
  if (!jump) {
    pending_interrupt = watchdog_interrupt;
    pending_pc = pc;
    pending_serial = run_serial;
  }
  return jump;
}

static void on_signal(int sig, siginfo_t *info, void *uctx) {
  sigjmp_buf *jmp = fault_jmp;
  if (sig == SIGALRM) {
    /* Only the watchdog's, for the run under way, ends a run. */
    if (!armed || !jmp || !interrupt_here(info, pc_of(uctx))) return;
  } else if (!armed || !jmp) {
    /* Not the simulated program's fault: crash the way we would have. */
    signal(sig, SIG_DFL);
    return;
  }
  if (sig == SIGTRAP && resume_spurious_trap(uctx)) return;
  armed = 0;
  fault_signal = sig;
  fault_addr = sig == SIGALRM ? NULL : info->si_addr;
  fault_pc = pc_of(uctx);
  fault_caller = sig == SIGSEGV ? caller_of(uctx, fault_pc) : NULL;
  fault_write = sig == SIGSEGV ? is_write(uctx) : 0;
  fault_interrupt = sig == SIGALRM ? watchdog_interrupt : SIM_INTERRUPT_NONE;
  siglongjmp(*jmp, sig);
}

/* ---- The watchdog thread ------------------------------------------------------- */

static int64_t ms_between(const struct timespec *from, const struct timespec *to) {
  return (int64_t)(to->tv_sec - from->tv_sec) * 1000 + (to->tv_nsec - from->tv_nsec) / 1000000;
}

/* Posted by the watchdog once it runs its own code; start_watchdog waits
 * for it (why: see there). */
static sem_t watchdog_in_own_code;

static void *watch(void *arg) {
  (void)arg;
  /* The name tells the watchdog apart in /proc and in a debugger. */
  pthread_setname_np(pthread_self(), SIM_WATCHDOG_THREAD_NAME);
  sem_post(&watchdog_in_own_code);
  uint64_t last_step = 0, last_marks = 0;
  sig_atomic_t last_serial = 0;
  struct timespec cpu_at_progress = {0}, wall_at_progress = {0};
  for (;;) {
    struct timespec nap = {0, 50 * 1000 * 1000};
    nanosleep(&nap, NULL);
    if (!armed) {
      last_serial = 0;
      continue;
    }
    struct timespec cpu, wall;
    if (clock_gettime(run_clock, &cpu) != 0 || clock_gettime(CLOCK_MONOTONIC, &wall) != 0) continue;
    uint64_t step = watched_step, marks = own_work_marks;
    sig_atomic_t serial = run_serial;
    /* Time the simulator spends on its own work is no step's. */
    if (step != last_step || serial != last_serial || marks != last_marks || own_work_depth > 0) {
      last_step = step;
      last_serial = serial;
      last_marks = marks;
      cpu_at_progress = cpu;
      wall_at_progress = wall;
      continue;
    }
    int64_t cpu_ms = ms_between(&cpu_at_progress, &cpu), wall_ms = ms_between(&wall_at_progress, &wall);
    int kind = cpu_ms > (int64_t)cpu_ms_max                  ? SIM_INTERRUPT_CPU
               : wall_ms_max && wall_ms > (int64_t)wall_ms_max ? SIM_INTERRUPT_WALL
                                                              : SIM_INTERRUPT_NONE;
    if (kind == SIM_INTERRUPT_NONE) continue;
    if (deferred_in_simulator && wall_ms_max && wall_ms > 2 * (int64_t)wall_ms_max) {
      /* Interrupted inside the simulator, and still no progress. */
      char msg[256];
      int n = snprintf(msg, sizeof msg,
                       "loaderlab: internal error: the simulator itself made no progress for %lld ms "
                       "of wall-clock time in a run (at step %llu)\n"
                       "(this is a bug of the simulator, not of the simulated program)\n",
                       (long long)wall_ms, (unsigned long long)step);
      if (n > 0) {
        ssize_t ignored = write(2, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
        (void)ignored;
      }
      abort();
    }
    if (watchdog_interrupt == SIM_INTERRUPT_NONE || kind == SIM_INTERRUPT_CPU)
      watchdog_interrupt = kind;
    /* Sent again every nap until the run moves on: the handler may have
     * had to wait for a safe point. */
    pthread_sigqueue(run_thread, SIGALRM, (union sigval){.sival_int = serial});
  }
  return NULL;
}

/* Threads do not survive fork: a child needs a watchdog of its own. */
static volatile bool watchdog_running;

static void forget_watchdog_in_child(void) {
  watchdog_running = false;
  armed = 0;
}

/* Returns only once the new thread runs watch() itself.  A thread on its
 * way in is inside the C library's and the sanitizers' thread set-up,
 * which takes their internal locks (AddressSanitizer's thread registry and
 * allocator among them), and a fork at that moment gives the child those
 * locks held by a thread it does not have: the child's own watchdog then
 * blocks on one of them for good, and a spinning program in that
 * exploration worker is never stopped (seen once in the AddressSanitizer
 * build of a_forked_worker_has_a_cpu_watchdog_of_its_own, with the child's
 * watchdog asleep on a futex in the sanitizer's memory).  Once in watch(),
 * the thread only sleeps, reads clocks and sends signals, none of which
 * takes such a lock, so a fork can come at any time after. */
static bool start_watchdog(void) {
  sim_assert(sem_init(&watchdog_in_own_code, 0, 0) == 0, "cannot set up the watchdog's start signal");
  /* The watchdog must not take signals meant for the run thread. */
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  pthread_t watchdog;
  int rc = pthread_create(&watchdog, NULL, watch, NULL);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc != 0) {
    errno = rc;
    return false;
  }
  pthread_detach(watchdog);
  while (sem_wait(&watchdog_in_own_code) != 0) sim_assert(errno == EINTR, "waiting for the watchdog to start");
  watchdog_running = true;
  return true;
}

static int find_own_text(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  uintptr_t self = (uintptr_t)data, lo = UINTPTR_MAX, hi = 0;
  bool mine = false;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X)) continue;
    uintptr_t start = info->dlpi_addr + ph->p_vaddr, end = start + ph->p_memsz;
    if (self >= start && self < end) mine = true;
    if (start < lo) lo = start;
    if (end > hi) hi = end;
  }
  if (!mine) return 0;
  own_text_lo = lo;
  own_text_hi = hi;
  return 1;
}

void sim__fault_install(void) {
  static bool installed;
  if (installed) return;
  installed = true;
  dl_iterate_phdr(find_own_text, (void *)(uintptr_t)on_signal);
  sim_assert(own_text_hi > own_text_lo, "cannot find the simulator's own code");
  stack_t ss;
  ss.ss_size = 256 * 1024;
  ss.ss_sp = malloc(ss.ss_size);
  ss.ss_flags = 0;
  sim_assert(ss.ss_sp && sigaltstack(&ss, NULL) == 0,
             "no stack for the fault handler: a stack overflow could not be reported");
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  int sigs[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGALRM};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
  pthread_atfork(NULL, NULL, forget_watchdog_in_child);
  /* Started here as well as on demand: a process that filters its own
   * system calls after installing (the grader's sandbox forbids new threads
   * and sleeping) must already have its watchdog, which the filter of the
   * installing thread does not reach.  If it cannot start now, the first
   * run's arming says so. */
  if (!watchdog_running) start_watchdog();
}

bool sim__fault_arm(const sim_fault_arming *a) {
  sim_assert(a->jmp && a->cpu_ms_max > 0, "arming the fault handler without a jump buffer or limit");
  sim__fault_install();
  clockid_t clock;
  sim_assert(pthread_getcpuclockid(pthread_self(), &clock) == 0, "no CPU clock for the run thread");
  /* Disarmed first, so the watchdog never sees half of the new run. */
  armed = 0;
  run_thread = pthread_self();
  run_clock = clock;
  fault_jmp = a->jmp;
  cpu_ms_max = a->cpu_ms_max;
  wall_ms_max = a->wall_ms_max;
  code_healed = a->code_healed;
  in_program = a->in_program;
  run_serial = run_serial == 0x7fffffff ? 1 : run_serial + 1;
  watched_step = 0;
  fault_signal = 0;
  fault_interrupt = SIM_INTERRUPT_NONE;
  pending_serial = 0;
  deferred_in_simulator = 0;
  watchdog_interrupt = SIM_INTERRUPT_NONE;
  sim__in_simulator = 1;
  if (!watchdog_running && !start_watchdog()) return false;
  armed = 1;
  return true;
}

void sim__fault_disarm(void) {
  armed = 0;
  fault_jmp = NULL;
  pending_serial = 0;
  sim__in_simulator = 1;
}

void sim__fault_note_step(uint64_t step) { watched_step = step; }

void sim__fault_own_work_begin(void) {
  own_work_depth++;
  own_work_marks++;
}

void sim__fault_own_work_end(void) {
  sim_assert(own_work_depth > 0, "the end of the simulator's own work without its beginning");
  own_work_marks++;
  own_work_depth--;
}

bool sim__fault_take_pending(sim_fault *out) {
  if (!armed || pending_serial != run_serial) return false;
  armed = 0; /* the run ends here: no further interrupt */
  pending_serial = 0;
  memset(out, 0, sizeof *out);
  out->signal = SIGALRM;
  out->pc = pending_pc;
  out->interrupt = pending_interrupt;
  return true;
}

bool sim__fault_interrupt_is_pending(void) { return pending_serial != 0 && pending_serial == run_serial; }

const sim_fault *sim__fault_last(void) {
  last.signal = fault_signal;
  last.addr = fault_addr;
  last.pc = fault_pc;
  last.write = fault_write;
  last.caller = fault_caller;
  last.interrupt = fault_interrupt;
  return &last;
}

int sim__fault_run_serial(void) { return run_serial; }

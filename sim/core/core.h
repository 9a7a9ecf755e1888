/* The core layer: what any deterministic simulator needs and nothing of
 * Windows: the internal-failure policy (sim_assert), bump allocation for
 * everything that lives one run (arena.c), the stacks simulated threads run
 * on (stack.c), and capturing faults and runaway code (fault.c).  Fibers
 * and string buffers are core too, but public (loaderlab.h).
 *
 * No file of this folder includes <windows.h>; sim/CMakeLists.txt refuses
 * one that does.
 */
#ifndef SIM_CORE_H
#define SIM_CORE_H

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loaderlab.h"

/* ---- Internal failures (assert.c) ----------------------------------------- */

/* The one policy for a broken invariant of the simulator itself (never for
 * a bug of the simulated program, which gets a verdict): print the
 * condition, where, and why, then abort.  On in every build, NDEBUG or not. */
#define sim_assert(cond, ...)                                                    \
  ((cond) ? (void)0 : sim__assert_fail(#cond, __FILE__, __LINE__, __VA_ARGS__))
__attribute__((noreturn, format(printf, 4, 5))) void sim__assert_fail(const char *cond,
                                                                     const char *file, int line,
                                                                     const char *fmt, ...);

/* ---- Arenas (arena.c) ------------------------------------------------------- */

/* A bump allocator for everything that lives exactly as long as one run:
 * kernel objects, thread records, trace strings.  Resetting it is how a run
 * forgets its state, so nothing allocated here may be freed one by one.
 * (struct arena itself is in loaderlab.h, because a sim_result holds one.) */
void *sim__arena_alloc(struct arena *a, size_t size);        /* zeroed, 16-aligned */
char *sim__arena_strdup(struct arena *a, const char *s);
char *sim__arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Forgets every allocation; keeps the first chunk for the next run. */
void sim__arena_reset(struct arena *a);
void sim__arena_free(struct arena *a);

/* ---- The operating system (os.c) ---------------------------------------------- */

/* The table every system call of a run goes through (sim_os_use). */
extern const sim_os *sim__os;

/* ---- State fingerprints (fingerprint.c) --------------------------------------- */

/* A 128-bit hash of a run's state, built by every layer from what it owns
 * (explore/state_cache.c says what it is for and what state it covers).
 * Two independent 64-bit lanes: two different states collide with a
 * probability of about 2^-128 per pair, for inputs not chosen to collide. */
typedef struct sim_fingerprint {
  uint64_t a, b;
  uint64_t words;                 /* words mixed in, for the final mix */
} sim_fingerprint;

void sim__fingerprint_init(sim_fingerprint *f);
void sim__fingerprint_u64(sim_fingerprint *f, uint64_t v);
/* Any readable memory, a thread's stack included (whose gaps the
 * AddressSanitizer build poisons). */
void sim__fingerprint_bytes(sim_fingerprint *f, const void *p, size_t n);
/* A string with its length (NULL and "" differ). */
void sim__fingerprint_str(sim_fingerprint *f, const char *s);
/* Adds g as one element of a multiset: the order in which elements are
 * added does not matter (for sets kept in no particular order). */
void sim__fingerprint_add_element(sim_fingerprint *f, const sim_fingerprint *g);
/* Mixes the lanes once everything is in (before the fingerprint is
 * compared). */
void sim__fingerprint_finish(sim_fingerprint *f);
/* The callee-saved registers of the frame that called the function whose
 * return address is ret_addr, as they will be when that call returns, and
 * the floating-point control state.  False if that frame is not on the
 * current stack, or if a frame above it that is_program does not accept
 * lies below one it accepts (the simulator called the program back from
 * inside a call).  Found by unwinding, since the simulator's frames
 * between here and there may have saved them anywhere.  *deepest: the
 * lowest stack address the unwinder's own frames reached (0 if none), for
 * the scrub of the stack afterwards (kernel/sched.c). */
bool sim__fingerprint_caller(sim_fingerprint *f, const void *ret_addr, bool (*is_program)(uintptr_t ip),
                             uintptr_t *deepest);

/* ---- Stacks (stack.c) --------------------------------------------------------- */

struct sim_stack {
  struct sim_stack *next;
  unsigned long serial;           /* made as the serial-th stack of the process */
  void *lo;                       /* lowest usable byte (above the guard) */
  size_t size;                    /* usable bytes */
  void *guard;
  size_t guard_size;
  /* How deep the threads that used it since it was last cleaned went
   * (kernel/sched.c, "What the simulator leaves on a thread's stack"):
   * a new thread's first scrub reaches down to here.  UINTPTR_MAX: clean. */
  uintptr_t used_low;
};
/* A stack with size usable bytes (rounded up to a page), from the pool or
 * new; NULL (errno set) if the system refuses the memory. */
struct sim_stack *sim__stack_get(size_t size);
void sim__stack_put(struct sim_stack *s);

/* ---- Faults and runaway code (fault.c) ------------------------------------------ */

/* Why a watchdog interrupted a run. */
enum { SIM_INTERRUPT_NONE = 0, SIM_INTERRUPT_CPU, SIM_INTERRUPT_WALL };

/* What the signal handler saw, for the layer that explains it. */
typedef struct sim_fault {
  int signal;                     /* SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP or SIGALRM */
  void *addr;                     /* the faulting address (NULL for SIGALRM) */
  void *pc;                       /* the faulting instruction */
  int write;                      /* 1 write, 0 read, -1 unknown */
  void *caller;                   /* a jump to pc < 64 KiB (a NULL function
                                     pointer): the return address its call
                                     left, or NULL */
  int interrupt;                  /* SIGALRM: SIM_INTERRUPT_CPU or _WALL */
} sim_fault;

/* How a run is watched. */
typedef struct sim_fault_arming {
  sigjmp_buf *jmp;                /* where a fault or an interrupt jumps to */
  uint64_t cpu_ms_max;            /* CPU time one step may use */
  uint64_t wall_ms_max;           /* wall-clock time one step may take (0: no limit) */
  /* Whether a breakpoint trap at `at` hit code the simulator has already
   * healed (a stale trap, resumed); NULL if none can be. */
  bool (*code_healed)(const void *at);
  /* Whether pc is in the simulated program's own code (where an interrupt
   * may end the run at once); NULL for none. */
  bool (*in_program)(const void *pc);
} sim_fault_arming;

/* The watchdog thread's name, as /proc/PID/task/TID/comm shows it. */
#define SIM_WATCHDOG_THREAD_NAME "loaderlab-watch"

/* Installs the handlers and starts this process's watchdog (once per
 * process; sim__fault_arm calls it).  The watchdog runs its own code by the
 * time this returns, so a fork after it is safe. */
void sim__fault_install(void);
/* Arms the handlers and this process's watchdog for a new run, on the
 * calling thread.  Every run must be armed: the watchdog and the run's
 * serial number are per run.  False (errno set) when the watchdog thread
 * cannot be started. */
bool sim__fault_arm(const sim_fault_arming *arming);
void sim__fault_disarm(void);
/* Tells the watchdog the run made progress (called once per step). */
void sim__fault_note_step(uint64_t step);
/* Around work the simulator does for the search inside a step, which may
 * take seconds when a table of millions of entries grows (the state
 * cache): the watchdog counts none of that time against the step, which
 * would otherwise end a correct run as a hang. */
void sim__fault_own_work_begin(void);
void sim__fault_own_work_end(void);
/* The fault that ended the run (after the jump). */
const sim_fault *sim__fault_last(void);
/* The run's serial number, which a watchdog signal for it carries. */
int sim__fault_run_serial(void);

/* 1 while the run thread executes the simulator rather than the simulated
 * program: set when a simulated call or C runtime wrapper is entered,
 * cleared when control goes back to the program (a return, or a call of
 * its main, thread routine, DllMain or atexit function).  A watchdog
 * interrupt there waits for a safe point. */
extern volatile sig_atomic_t sim__in_simulator;
/* Whether a watchdog interrupt waits for a safe point in this run. */
bool sim__fault_interrupt_is_pending(void);
/* At a safe point: if an interrupt waits, disarms, describes it in *out
 * (as if the handler had jumped) and returns true; the caller ends the
 * run. */
bool sim__fault_take_pending(sim_fault *out);
/* Marks the run thread as inside the simulator; returns what it was, for
 * sim__simulator_restore. */
static inline sig_atomic_t sim__simulator_enter(void) {
  sig_atomic_t was = sim__in_simulator;
  sim__in_simulator = 1;
  return was;
}
static inline void sim__simulator_restore(sig_atomic_t was) { sim__in_simulator = was; }

#endif

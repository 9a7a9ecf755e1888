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

/* ---- Stacks (stack.c) --------------------------------------------------------- */

struct sim_stack {
  struct sim_stack *next;
  void *lo;                       /* lowest usable byte (above the guard page) */
  size_t size;
  void *guard;
};
struct sim_stack *sim__stack_get(void);
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

/* Installs the handlers (once per process; sim__fault_arm calls it). */
void sim__fault_install(void);
/* Arms the handlers and this process's watchdog for a new run, on the
 * calling thread.  Every run must be armed: the watchdog and the run's
 * serial number are per run.  False (errno set) when the watchdog thread
 * cannot be started. */
bool sim__fault_arm(const sim_fault_arming *arming);
void sim__fault_disarm(void);
/* Tells the watchdog the run made progress (called once per step). */
void sim__fault_note_step(uint64_t step);
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

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
  void *lo;                       /* lowest usable byte (above the guard) */
  size_t size;                    /* usable bytes */
  void *guard;
  size_t guard_size;
};
/* A stack with size usable bytes (rounded up to a page), or NULL if the
 * system has no room for it. */
struct sim_stack *sim__stack_get(size_t size);
void sim__stack_put(struct sim_stack *s);

/* ---- Faults and runaway code (fault.c) ------------------------------------------ */

/* What the signal handler saw, for the layer that explains it. */
typedef struct sim_fault {
  int signal;                     /* SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP or SIGALRM */
  void *addr;                     /* the faulting address (NULL for SIGALRM) */
  void *pc;                       /* the faulting instruction */
  int write;                      /* 1 write, 0 read, -1 unknown */
} sim_fault;

/* Installs the handlers and the CPU watchdog (once per process). */
void sim__fault_install(void);
/* From now on a fault jumps to *jmp (siglongjmp), and a step that uses more
 * than cpu_ms_max of CPU time is interrupted.  code_healed(at) says whether
 * a breakpoint trap at `at` hit code the simulator has already healed (a
 * stale trap, resumed); NULL if none can be. */
void sim__fault_arm(sigjmp_buf *jmp, uint64_t cpu_ms_max, bool (*code_healed)(const void *at));
void sim__fault_disarm(void);
/* Tells the watchdog the run made progress. */
void sim__fault_note_step(uint64_t step);
/* The fault that ended the run (after the jump). */
const sim_fault *sim__fault_last(void);

#endif

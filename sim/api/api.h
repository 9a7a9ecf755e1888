/* The api layer: the simulated Win32 entry points, one file per section of
 * sim/include/windows.h, and the C runtime calls simulated programs make
 * (crt.c).  Nothing below calls into this layer: simulated programs do,
 * through the dynamic linker (the executable exports these symbols).
 *
 * Every simulated function starts with SIM_ENTER (a scheduling point) or
 * SIM_LOCAL (no scheduling point), which records the call and where it
 * returns to, and ends with SIM_RETURN, which catches a return into a
 * module that was unloaded meanwhile. */
#ifndef SIM_API_H
#define SIM_API_H

#include "loader.h"

#define SIM_ENTER(name)                                                      \
  sim_thread *self = sim__enter(SIM_API_##name, __builtin_return_address(0), \
                               __builtin_frame_address(0))
#define SIM_LOCAL(name) \
  sim_thread *self = sim__enter_local(SIM_API_##name, __builtin_return_address(0))
/* The value is computed before the check: it may be the call that blocks. */
#define SIM_RETURN(value)                     \
  do {                                        \
    __typeof__(value) sim_result_ = (value);  \
    sim__leave(self);                          \
    return sim_result_;                       \
  } while (0)
#define SIM_RETURN_VOID() \
  do {                    \
    sim__leave(self);      \
    return;               \
  } while (0)

/* A poll (see kernel/sched.c, "Time while threads poll"): SIM_POLL goes
 * before SIM_ENTER of a call that only looks at state, and
 * SIM_POLL_FOUND_NOTHING before its SIM_RETURN when it found nothing (a
 * zero timeout that timed out, a Try that failed, an Interlocked call that
 * changed nothing). */
#define SIM_POLL() sim__poll_next_call()
#define SIM_POLL_FOUND_NOTHING() (self->poll_fruitless = true)

/* Sets the last error and returns value (for one-line failure paths). */
#define SIM_FAIL(error, value)    \
  do {                            \
    self->last_error = (error);   \
    SIM_RETURN(value);            \
  } while (0)

/* The api layer's state in a run (run->api), allocated on first use. */
struct sim_api_run {
  struct tp_pool *pool;           /* the thread pool (threadpool.c), once used */
  struct virtual_region *regions; /* VirtualAlloc's regions (virtual.c) */
};
struct sim_api_run *sim__api_run(void);

/* Converts a WCHAR string to UTF-8 (ASCII is all the simulator needs). */
void sim__wide_to_utf8(const WCHAR *w, char *out, size_t size);
void sim__utf8_to_wide(const char *s, WCHAR *out, size_t size);

/* A free of something that is not a live heap block ends the run as the
 * Windows heap would (crt.c). */
__attribute__((noreturn)) void sim__crt_bad_free(void *p, void *caller, const char *what);

#endif

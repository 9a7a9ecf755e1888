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

/* The body of WaitForSingleObject(Ex) and WaitForMultipleObjects(Ex)
 * (wait.c): checks the handles, waits (alertably: queued APCs end the wait
 * with WAIT_IO_COMPLETION, and the caller runs them), traces under fn. */
DWORD sim__wait_handles(sim_thread *self, int n, const HANDLE *handles, BOOL all, DWORD ms,
                       BOOL alertable, const char *fn);

/* Signalling objects as SetEvent, ReleaseMutex and ReleaseSemaphore do,
 * for calls that signal without them (signal.c): true, or false with the
 * Win32 error in *error. */
bool sim__event_set(sim_object *event);
bool sim__mutex_release(sim_thread *self, sim_object *mutex, DWORD *error);
bool sim__semaphore_release(sim_object *semaphore, LONG count, LONG *previous, DWORD *error);

/* Converts a WCHAR string to UTF-8 (ASCII is all the simulator needs). */
void sim__wide_to_utf8(const WCHAR *w, char *out, size_t size);
void sim__utf8_to_wide(const char *s, WCHAR *out, size_t size);

/* A free of something that is not a live heap block ends the run as the
 * Windows heap would (crt.c). */
__attribute__((noreturn)) void sim__crt_bad_free(void *p, void *caller, const char *what);

#endif

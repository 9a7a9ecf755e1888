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

#include <stdarg.h>

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

/* Creates an object of the type (its handle), or opens the one with that
 * name: then *existed is set and the last error is ERROR_ALREADY_EXISTS,
 * as Windows does; a name of another type of object fails with
 * ERROR_INVALID_HANDLE (sync.c). */
HANDLE sim__object_create(sim_thread *self, sim_object_type type, const char *name,
                          sim_object **out, bool *existed);

/* Formats a printf format and its arguments into out the way the
 * Microsoft C runtime does, wide strings (UTF-16) converted to UTF-8;
 * wide_function: the format belongs to wprintf and friends, where %s is
 * wide (format.c). */
void sim__format(struct strbuf *out, const char *fmt, va_list *ap, bool wide_function);
/* The same for a wide (UTF-16) format. */
void sim__format_wide(struct strbuf *out, const WCHAR *fmt, va_list *ap);
/* Appends the UTF-8 form of at most max UTF-16 units of w (max < 0: up to
 * its terminating 0); unpaired surrogates become U+FFFD. */
void sim__utf16_append(struct strbuf *out, const WCHAR *w, long max);

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

/* The stack Windows reserves for a thread created with dwStackSize and
 * flags, as CreateThread and _beginthreadex take them (thread.c). */
size_t sim__thread_stack_reserve(SIZE_T size, DWORD flags);

/* Converts a WCHAR string to UTF-8 (ASCII is all the simulator needs). */
void sim__wide_to_utf8(const WCHAR *w, char *out, size_t size);
void sim__utf8_to_wide(const char *s, WCHAR *out, size_t size);

/* A free of something that is not a live heap block ends the run as the
 * Windows heap would (crt.c). */
__attribute__((noreturn)) void sim__crt_bad_free(void *p, void *caller, const char *what);

/* _exit: the process ends without notifying any DLL (crt.c). */
__attribute__((noreturn)) void __wrap__exit(int code);

#endif

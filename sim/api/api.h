/* Helpers shared by the files that implement simulated Win32 functions.
 *
 * Every simulated function starts with SIM_ENTER (a scheduling point) or
 * SIM_LOCAL (no scheduling point), which records the call and where it
 * returns to, and ends with SIM_RETURN, which catches a return into a
 * module that was unloaded meanwhile. */
#ifndef SIM_API_H
#define SIM_API_H

#include "sim.h"

#define SIM_ENTER(name)                                                      \
  sim_thread *self = sim_enter(SIM_API_##name, __builtin_return_address(0), \
                               __builtin_frame_address(0))
#define SIM_LOCAL(name) \
  sim_thread *self = sim_enter_local(SIM_API_##name, __builtin_return_address(0))
/* The value is computed before the check: it may be the call that blocks. */
#define SIM_RETURN(value)                     \
  do {                                        \
    __typeof__(value) sim_result_ = (value);  \
    sim_leave(self);                          \
    return sim_result_;                       \
  } while (0)
#define SIM_RETURN_VOID() \
  do {                    \
    sim_leave(self);      \
    return;               \
  } while (0)

/* Sets the last error and returns value (for one-line failure paths). */
#define SIM_FAIL(error, value)    \
  do {                            \
    self->last_error = (error);   \
    SIM_RETURN(value);            \
  } while (0)

/* Converts a WCHAR string to UTF-8 (ASCII is all the simulator needs). */
void sim_wide_to_utf8(const WCHAR *w, char *out, size_t size);
void sim_utf8_to_wide(const char *s, WCHAR *out, size_t size);

/* A name for a WaitFor* result. */
const char *sim_wait_result_label(DWORD r, char *buf, size_t size);

#endif

/* The waitable-timer functions of windows.h: CreateWaitableTimerA/W,
 * SetWaitableTimer, CancelWaitableTimer.  When timers fire is
 * kernel/timer.c.
 *
 * A completion routine runs as an APC on the thread that set the timer
 * (kernel/timer.c queues it).
 *
 * Left out: absolute due times (a positive due time is taken as relative
 * too), fResume, and named timers.
 */
#include "api.h"


static HANDLE create_timer(sim_thread *self, BOOL manual, const char *name, const char *fn);

HANDLE WINAPI CreateWaitableTimerA(LPSECURITY_ATTRIBUTES sa, BOOL manual, LPCSTR name) {
  SIM_ENTER(CreateWaitableTimerA);
  (void)sa;
  SIM_RETURN(create_timer(self, manual, name, "CreateWaitableTimerA"));
}

HANDLE WINAPI CreateWaitableTimerW(LPSECURITY_ATTRIBUTES sa, BOOL manual, LPCWSTR name) {
  SIM_ENTER(CreateWaitableTimerW);
  (void)sa;
  char n[256];
  sim__wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(create_timer(self, manual, name ? n : NULL, "CreateWaitableTimerW"));
}

static HANDLE create_timer(sim_thread *self, BOOL manual, const char *name, const char *fn) {
  if (name && *name) {
    self->last_error = ERROR_NOT_SUPPORTED;
    return NULL;
  }
  sim_object *t = sim__object_new(SIM_OBJ_TIMER);
  t->created_at = self->ret_addr;
  t->u.timer.manual = manual != FALSE;
  t->u.timer.due_ms = SIM_NO_DEADLINE;
  sim__timer_register(t);
  HANDLE h = sim__handle_open(t);
  if (sim__tracing()) {
    char what[64];
    sim__trace(self, SIM_EV_CALL, NULL, "%s(%s) -> %s", fn, manual ? "manual reset" : "synchronization",
              sim__object_label(t, what, sizeof what));
  }
  return h;
}

BOOL WINAPI SetWaitableTimer(HANDLE h, const LARGE_INTEGER *due, LONG period,
                             PTIMERAPCROUTINE routine, LPVOID arg, BOOL resume) {
  SIM_ENTER(SetWaitableTimer);
  (void)resume;
  sim_run *r = sim__current_run;
  sim_object *t = sim__handle_get_type(self, h, SIM_OBJ_TIMER);
  if (!t) SIM_RETURN(FALSE);
  if (!due || period < 0) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  /* Setting the timer again cancels the completion routines not run yet;
   * the routine runs on the thread that set the timer. */
  sim__apc_cancel_timer(t);
  t->u.timer.routine = routine;
  t->u.timer.routine_arg = arg;
  t->u.timer.routine_thread = routine ? self : NULL;
  LONGLONG q = due->QuadPart;
  uint64_t in_ms = (uint64_t)((q < 0 ? -q : q) + 9999) / 10000;
  t->u.timer.due_ms = r->now_ms + in_ms;
  t->u.timer.period_ms = (uint64_t)period;
  t->signal = 0;
  if (sim__tracing()) {
    char what[64];
    sim__trace(self, SIM_EV_CALL, "TRUE", "SetWaitableTimer(%s, due in %llu ms, period %ld ms)",
              sim__object_label(t, what, sizeof what), (unsigned long long)in_ms, period);
  }
  SIM_RETURN(TRUE);
}

BOOL WINAPI CancelWaitableTimer(HANDLE h) {
  SIM_ENTER(CancelWaitableTimer);
  sim_object *t = sim__handle_get_type(self, h, SIM_OBJ_TIMER);
  if (!t) SIM_RETURN(FALSE);
  t->u.timer.due_ms = SIM_NO_DEADLINE;
  sim__apc_cancel_timer(t);
  if (sim__tracing()) {
    char what[64];
    sim__trace(self, SIM_EV_CALL, "TRUE", "CancelWaitableTimer(%s)", sim__object_label(t, what, sizeof what));
  }
  SIM_RETURN(TRUE);
}

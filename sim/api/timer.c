/* The waitable-timer functions of windows.h: CreateWaitableTimerA/W,
 * SetWaitableTimer, CancelWaitableTimer.  When timers fire is
 * kernel/timer.c.  A timer can have a name, like an event; a due time is
 * relative when negative and an absolute FILETIME when positive, read
 * against the virtual system time (GetSystemTimeAsFileTime).
 *
 * A completion routine runs as an APC on the thread that set the timer
 * (kernel/timer.c queues it).
 *
 * Left out: fResume, and changes of the system time (absolute timers
 * follow them on Windows; the virtual system time never jumps).
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

/* The body of both: a new timer, or the existing one of that name. */
static HANDLE create_timer(sim_thread *self, BOOL manual, const char *name, const char *fn) {
  sim_object *t;
  bool existed;
  HANDLE h = sim__object_create(self, SIM_OBJ_TIMER, name, &t, &existed);
  if (h && !existed) {
    t->u.timer.manual = manual != FALSE;
    t->u.timer.due_ms = SIM_NO_DEADLINE;
    sim__timer_register(t);
  }
  if (sim__tracing()) {
    char what[64];
    sim__trace(self, SIM_EV_CALL, h ? NULL : "NULL", "%s(%s) -> %s", fn, manual ? "manual reset" : "synchronization",
              h ? sim__object_label(t, what, sizeof what) : "NULL");
  }
  return h;
}

/* Milliseconds from the virtual now until a due time: negative is relative
 * (100 ns units), positive is an absolute FILETIME (the virtual clock of
 * sim__system_time_100ns); one already past is due now. */
static uint64_t due_in_ms(LONGLONG q) {
  if (q < 0) return ((uint64_t)-q + 9999) / 10000;
  uint64_t now = sim__system_time_100ns();
  if ((uint64_t)q <= now) return 0;
  return ((uint64_t)q - now + 9999) / 10000;
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
  uint64_t in_ms = due_in_ms(q);
  t->u.timer.due_ms = r->now_ms + in_ms;
  t->u.timer.period_ms = (uint64_t)period;
  t->signal = 0;
  if (sim__tracing()) {
    char what[64];
    sim__trace(self, SIM_EV_CALL, "TRUE", "SetWaitableTimer(%s, due in %llu ms%s, period %ld ms)",
              sim__object_label(t, what, sizeof what), (unsigned long long)in_ms,
              q >= 0 ? " (an absolute time)" : "", period);
  }
  /* Due already: it fires now, for waiters that are already blocked. */
  if (in_ms == 0) sim__timers_fire(r->now_ms);
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

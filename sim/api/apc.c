/* Alertable waits and APCs: QueueUserAPC, SleepEx, WaitForSingleObjectEx,
 * WaitForMultipleObjectsEx and SignalObjectAndWait (the alertable
 * GetQueuedCompletionStatusEx is port.c, and a waitable timer's
 * completion routine timer.c).
 *
 * Models QueueUserAPC's documentation and the order Windows' wait tests
 * things in (Wine's server/thread.c agrees): an alertable wait is first
 * satisfied by its objects if it can be; otherwise queued APCs end it at
 * once; otherwise a timeout of 0 ends it; otherwise it blocks, and an APC
 * queued meanwhile ends it.  The thread then runs every queued APC, first
 * in, first out, before the call returns WAIT_IO_COMPLETION.  A
 * non-alertable wait never runs APCs: they stay queued.  APCs queued to a
 * thread that has not started run before its start routine.  Queueing to
 * a thread that has ended fails with ERROR_GEN_FAILURE (as Wine's tests
 * show Windows does); a NULL routine is accepted and never called.
 *
 * SignalObjectAndWait signals one object (event, mutex or semaphore) and
 * starts waiting for another in the same step, which is the atomicity it
 * documents: no thread runs between the two.
 *
 * Left out: ReadFileEx/WriteFileEx completion routines, QueueUserAPC2 and
 * special user APCs.
 */
#include "api.h"

#define ERROR_GEN_FAILURE 31L

/* Runs the APCs if the wait ended for them. */
static DWORD after_wait(sim_thread *self, DWORD r) {
  if (r == WAIT_IO_COMPLETION) sim__apc_deliver(self);
  return r;
}

DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData) {
  SIM_ENTER(QueueUserAPC);
  char who[64];
  sim_object *o = sim__handle_get_type(self, hThread, SIM_OBJ_THREAD);
  if (!o) SIM_RETURN(0);
  sim_thread *t = o->u.thread.thread;
  sim__thread_label(t, who, sizeof who);
  if (t->state == SIM_T_EXITED) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "0 (ERROR_GEN_FAILURE: the thread has ended)", "QueueUserAPC(%s)", who);
    SIM_FAIL(ERROR_GEN_FAILURE, 0);
  }
  if (pfnAPC) {
    struct sim_apc *apc = sim__arena_alloc(&sim__current_run->arena, sizeof *apc);
    apc->routine = pfnAPC;
    apc->arg = dwData;
    bool wakes = t->state == SIM_T_BLOCKED && t->alertable;
    if (sim__tracing()) {
      char code[160];
      sim__trace(self, SIM_EV_CALL, NULL, "QueueUserAPC(%s, %s)%s", sim__describe_code((void *)pfnAPC, code, sizeof code),
                who, wakes ? ": ends its alertable wait" : "");
    }
    sim__apc_queue(t, apc);
  }
  SIM_RETURN(1);
}

DWORD WINAPI SleepEx(DWORD ms, BOOL alertable) {
  sim_run *r = sim__current_run;
  if (ms == 0 && r && r->cur && !(alertable && r->cur->apcs)) {
    r->cur->yielding = true;
    SIM_POLL();
  }
  SIM_ENTER(SleepEx);
  if (alertable && self->apcs) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "WAIT_IO_COMPLETION (APCs were queued)", "SleepEx(%lu, TRUE)", ms);
    SIM_RETURN(after_wait(self, WAIT_IO_COMPLETION));
  }
  if (ms == 0) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "0", "SleepEx(0, %s): lets other ready threads go first", alertable ? "TRUE" : "FALSE");
    SIM_POLL_FOUND_NOTHING();
    SIM_RETURN(0);
  }
  self->wait.kind = SIM_WAIT_SLEEP;
  self->wait.deadline_ms = ms == INFINITE ? SIM_NO_DEADLINE : r->now_ms + ms;
  self->wait.result = 0;
  self->alertable = alertable != FALSE;
  sim__block(self);
  self->alertable = false;
  DWORD res = self->wait.result == WAIT_IO_COMPLETION ? WAIT_IO_COMPLETION : 0;
  if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, res ? "WAIT_IO_COMPLETION" : "0", "SleepEx(%lu, %s)", ms, alertable ? "TRUE" : "FALSE");
  SIM_RETURN(after_wait(self, res));
}

DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable) {
  if (dwMilliseconds == 0) SIM_POLL();
  SIM_ENTER(WaitForSingleObjectEx);
  DWORD r = sim__wait_handles(self, 1, &hHandle, FALSE, dwMilliseconds, bAlertable, "WaitForSingleObjectEx");
  if (r == WAIT_TIMEOUT) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(after_wait(self, r));
}

DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                      DWORD dwMilliseconds, BOOL bAlertable) {
  if (dwMilliseconds == 0) SIM_POLL();
  SIM_ENTER(WaitForMultipleObjectsEx);
  if (nCount == 0 || nCount > MAXIMUM_WAIT_OBJECTS || !lpHandles) SIM_FAIL(ERROR_INVALID_PARAMETER, WAIT_FAILED);
  DWORD r = sim__wait_handles(self, (int)nCount, lpHandles, bWaitAll, dwMilliseconds, bAlertable,
                             "WaitForMultipleObjectsEx");
  if (r == WAIT_TIMEOUT) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(after_wait(self, r));
}

DWORD WINAPI SignalObjectAndWait(HANDLE hObjectToSignal, HANDLE hObjectToWaitOn, DWORD dwMilliseconds,
                                 BOOL bAlertable) {
  SIM_ENTER(SignalObjectAndWait);
  char what[96];
  /* Both handles are looked at before anything is signalled. */
  sim_object *s = sim__handle_get(self, hObjectToSignal);
  sim_object *w = sim__handle_get(self, hObjectToWaitOn);
  if (!s || !w) {
    sim__warn(self, "SignalObjectAndWait with a handle that is not open");
    SIM_FAIL(ERROR_INVALID_HANDLE, WAIT_FAILED);
  }
  DWORD error = 0;
  bool ok;
  switch (s->type) {
  case SIM_OBJ_EVENT: ok = sim__event_set(s); break;
  case SIM_OBJ_MUTEX: ok = sim__mutex_release(self, s, &error); break;
  case SIM_OBJ_SEMAPHORE: ok = sim__semaphore_release(s, 1, NULL, &error); break;
  default:
    ok = false;
    error = ERROR_INVALID_HANDLE;
    break;
  }
  sim__object_label(s, what, sizeof what);
  if (!ok) {
    if (error == ERROR_NOT_OWNER)
      sim__warn(self, "SignalObjectAndWait(%s): the caller does not own the mutex", what);
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "WAIT_FAILED", "SignalObjectAndWait(%s): cannot signal it (error %lu)", what, error);
    SIM_FAIL(error, WAIT_FAILED);
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "SignalObjectAndWait(%s): signalled, and waits in the same step", what);
  DWORD r = sim__wait_handles(self, 1, &hObjectToWaitOn, FALSE, dwMilliseconds, bAlertable, "SignalObjectAndWait");
  SIM_RETURN(after_wait(self, r));
}

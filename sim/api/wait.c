/* The wait functions of windows.h: WaitForSingleObject,
 * WaitForMultipleObjects, CloseHandle.
 *
 * Models Windows' documented results and error codes; the dispatcher rules
 * are kernel/wait.c.  Misuse that Windows reports with an error code
 * (waiting on a closed handle) returns that error and is also flagged as a
 * warning in the trace.
 *
 * The alertable forms (WaitFor*Ex, SignalObjectAndWait) are apc.c, on
 * sim__wait_handles.
 */
#include "api.h"


static const char *wait_result_label(DWORD r, char *buf, size_t size) {
  if (r == WAIT_TIMEOUT) snprintf(buf, size, "WAIT_TIMEOUT");
  else if (r == WAIT_IO_COMPLETION) snprintf(buf, size, "WAIT_IO_COMPLETION");
  else if (r == WAIT_FAILED) snprintf(buf, size, "WAIT_FAILED");
  else if (r >= WAIT_ABANDONED_0 && r < WAIT_ABANDONED_0 + MAXIMUM_WAIT_OBJECTS)
    snprintf(buf, size, r == WAIT_ABANDONED_0 ? "WAIT_ABANDONED" : "WAIT_ABANDONED_0+%lu",
             r - WAIT_ABANDONED_0);
  else snprintf(buf, size, r == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "WAIT_OBJECT_0+%lu", r);
  return buf;
}

static void timeout_label(DWORD ms, char *buf, size_t size) {
  if (ms == INFINITE) snprintf(buf, size, "INFINITE");
  else snprintf(buf, size, "%lu ms", ms);
}

/* The DllMain rules: waiting for a thread under the loader lock is the
 * classic deadlock. */
static void check_wait_in_dllmain(sim_thread *self, int n, sim_object **objs) {
  if (!self->dllmain_depth) return;
  for (int i = 0; i < n; i++) {
    if (objs[i]->type != SIM_OBJ_THREAD) continue;
    char who[64];
    sim__dllmain_misuse(self, "waits for %s to exit",
                       sim__thread_label(objs[i]->u.thread.thread, who, sizeof who));
    return;
  }
}

DWORD sim__wait_handles(sim_thread *self, int n, const HANDLE *handles, BOOL all, DWORD ms,
                       BOOL alertable, const char *fn) {
  sim_object *objs[MAXIMUM_WAIT_OBJECTS];
  char what[512], one[96], tl[32], res[48];
  size_t len = 0;
  what[0] = '\0';
  for (int i = 0; i < n; i++) {
    objs[i] = sim__handle_get(self, handles[i]);
    if (sim__tracing())
      len += (size_t)snprintf(what + len, len < sizeof what ? sizeof what - len : 0, "%s%s",
                              i ? ", " : "", sim__handle_label(handles[i], one, sizeof one));
    if (!objs[i]) {
      sim__warn(self, "%s on handle %#lx, which is not open", fn,
               (unsigned long)(uintptr_t)handles[i]);
      if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "WAIT_FAILED (ERROR_INVALID_HANDLE)", "%s(%s)", fn, what);
      return WAIT_FAILED;
    }
    if (objs[i]->type == SIM_OBJ_PIPE) {
      self->last_error = ERROR_INVALID_HANDLE;
      sim__warn(self, "%s on %s, which cannot be waited for here", fn,
               sim__object_label(objs[i], one, sizeof one));
      return WAIT_FAILED;
    }
    for (int k = 0; k < i; k++) {
      if (objs[k] == objs[i] && all) {
        self->last_error = ERROR_INVALID_PARAMETER;
        return WAIT_FAILED;
      }
    }
  }
  check_wait_in_dllmain(self, n, objs);
  timeout_label(ms, tl, sizeof tl);
  DWORD r;
  if (alertable && self->apcs && !sim__objects_satisfy(self, n, objs, all != FALSE)) {
    /* APCs already queued end an alertable wait at once, unless the
     * objects satisfy it (the caller runs them). */
    r = WAIT_IO_COMPLETION;
  } else {
    self->alertable = alertable != FALSE;
    r = sim__wait_objects(self, n, objs, all != FALSE, ms);
    self->alertable = false;
  }
  if (sim__tracing()) {
    wait_result_label(r, res, sizeof res);
    if (n == 1) sim__trace(self, SIM_EV_RETURN, res, "%s(%s, %s)", fn, what, tl);
    else sim__trace(self, SIM_EV_RETURN, res, "%s(%d, [%s], %s, %s)", fn, n, what, all ? "TRUE" : "FALSE", tl);
  }
  return r;
}

/* A zero timeout polls (see SIM_POLL). */
DWORD WINAPI WaitForSingleObject(HANDLE h, DWORD ms) {
  if (ms == 0) SIM_POLL();
  SIM_ENTER(WaitForSingleObject);
  DWORD r = sim__wait_handles(self, 1, &h, FALSE, ms, FALSE, "WaitForSingleObject");
  if (r == WAIT_TIMEOUT) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(r);
}

DWORD WINAPI WaitForMultipleObjects(DWORD n, const HANDLE *handles, BOOL all, DWORD ms) {
  if (ms == 0) SIM_POLL();
  SIM_ENTER(WaitForMultipleObjects);
  if (n == 0 || n > MAXIMUM_WAIT_OBJECTS || !handles) SIM_FAIL(ERROR_INVALID_PARAMETER, WAIT_FAILED);
  DWORD r = sim__wait_handles(self, (int)n, handles, all, ms, FALSE, "WaitForMultipleObjects");
  if (r == WAIT_TIMEOUT) SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(r);
}

BOOL WINAPI CloseHandle(HANDLE h) {
  SIM_ENTER(CloseHandle);
  char what[96];
  if (h == GetCurrentThread() || h == GetCurrentProcess()) {
    /* A pseudo-handle need not be closed, and closing one has no effect
     * (GetCurrentThread's documentation). */
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE (a pseudo-handle: no effect)", "CloseHandle(%s)", h == GetCurrentThread() ? "GetCurrentThread()" : "GetCurrentProcess()");
    SIM_RETURN(TRUE);
  }
  /* Named before the close, for the trace only. */
  if (sim__tracing()) sim__handle_label(h, what, sizeof what);
  sim_object *o = sim__handle_get(self, h);
  if (!o || !sim__handle_close(self, h)) {
    sim__warn(self, "CloseHandle(%#lx): the handle is not open (closed twice?)",
             (unsigned long)(uintptr_t)h);
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_HANDLE)", "CloseHandle(%s)", what);
    SIM_RETURN(FALSE);
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "CloseHandle(%s)", what);
  if (o->handles == 0) sim__object_last_handle_closed(self, o);
  SIM_RETURN(TRUE);
}

/* Simulated waits and kernel synchronisation objects: WaitForSingleObject,
 * WaitForMultipleObjects, CloseHandle, events, mutexes, semaphores, Sleep,
 * SwitchToThread and the tick counts.
 *
 * Models Windows' documented results and error codes; the dispatcher rules
 * are in wait.c.  Misuse that Windows reports with an error code (waiting
 * on a closed handle, releasing a mutex one does not own) returns that
 * error and is also flagged as a warning in the trace.
 *
 * Left out: alertable waits (SleepEx, WaitFor*Ex), SignalObjectAndWait,
 * OpenEvent/OpenMutex, and security attributes.
 */
#include "api.h"

#include <string.h>

#include "detect.h"
#include "ports.h"

const char *sim_wait_result_label(DWORD r, char *buf, size_t size) {
  if (r == WAIT_TIMEOUT) snprintf(buf, size, "WAIT_TIMEOUT");
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
    sim_dllmain_misuse(self, "waits for %s to exit",
                       sim_thread_label(objs[i]->u.thread.thread, who, sizeof who));
    return;
  }
}

static DWORD wait_common(sim_thread *self, int n, const HANDLE *handles, BOOL all, DWORD ms,
                         const char *fn) {
  sim_object *objs[MAXIMUM_WAIT_OBJECTS];
  char what[512], one[96], tl[32], res[48];
  size_t len = 0;
  what[0] = '\0';
  for (int i = 0; i < n; i++) {
    objs[i] = sim_handle_get(self, handles[i]);
    if (sim_tracing())
      len += (size_t)snprintf(what + len, len < sizeof what ? sizeof what - len : 0, "%s%s",
                              i ? ", " : "", sim_handle_label(handles[i], one, sizeof one));
    if (!objs[i]) {
      sim_warn(self, "%s on handle %#lx, which is not open", fn,
               (unsigned long)(uintptr_t)handles[i]);
      if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "WAIT_FAILED (ERROR_INVALID_HANDLE)", "%s(%s)", fn, what);
      return WAIT_FAILED;
    }
    if (objs[i]->type == SIM_OBJ_PORT || objs[i]->type == SIM_OBJ_PIPE) {
      self->last_error = ERROR_INVALID_HANDLE;
      sim_warn(self, "%s on %s, which cannot be waited for here", fn,
               sim_object_label(objs[i], one, sizeof one));
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
  DWORD r = sim_wait_objects(self, n, objs, all != FALSE, ms);
  if (sim_tracing()) {
    sim_wait_result_label(r, res, sizeof res);
    if (n == 1) sim_trace(self, SIM_EV_RETURN, res, "%s(%s, %s)", fn, what, tl);
    else sim_trace(self, SIM_EV_RETURN, res, "%s(%d, [%s], %s, %s)", fn, n, what, all ? "TRUE" : "FALSE", tl);
  }
  return r;
}

DWORD WINAPI WaitForSingleObject(HANDLE h, DWORD ms) {
  SIM_ENTER(WaitForSingleObject);
  SIM_RETURN(wait_common(self, 1, &h, FALSE, ms, "WaitForSingleObject"));
}

DWORD WINAPI WaitForMultipleObjects(DWORD n, const HANDLE *handles, BOOL all, DWORD ms) {
  SIM_ENTER(WaitForMultipleObjects);
  if (n == 0 || n > MAXIMUM_WAIT_OBJECTS || !handles) SIM_FAIL(ERROR_INVALID_PARAMETER, WAIT_FAILED);
  SIM_RETURN(wait_common(self, (int)n, handles, all, ms, "WaitForMultipleObjects"));
}

BOOL WINAPI CloseHandle(HANDLE h) {
  SIM_ENTER(CloseHandle);
  char what[96];
  sim_handle_label(h, what, sizeof what);
  sim_object *o = sim_handle_get(self, h);
  if (!o || !sim_handle_close(self, h)) {
    sim_warn(self, "CloseHandle(%#lx): the handle is not open (closed twice?)",
             (unsigned long)(uintptr_t)h);
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_HANDLE)", "CloseHandle(%s)", what);
    SIM_RETURN(FALSE);
  }
  if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "TRUE", "CloseHandle(%s)", what);
  if (o->handles == 0) sim_object_last_handle_closed(self, o);
  SIM_RETURN(TRUE);
}

/* ---- Object creation --------------------------------------------------------------- */

/* Creates or opens a named object; sets ERROR_ALREADY_EXISTS as Windows
 * does when the name exists. */
static HANDLE create_object(sim_thread *self, sim_object_type type, const char *name,
                            sim_object **out, bool *existed) {
  *existed = false;
  if (name && *name) {
    sim_object *o = sim_named_find(name);
    if (o) {
      if (o->type != type) {
        self->last_error = ERROR_INVALID_HANDLE;
        return NULL;
      }
      *existed = true;
      *out = o;
      self->last_error = ERROR_ALREADY_EXISTS;
      return sim_handle_open(o);
    }
  }
  sim_object *o = sim_object_new(type);
  o->created_at = self->ret_addr;
  if (name && *name) sim_named_add(o, name);
  *out = o;
  self->last_error = ERROR_SUCCESS;
  return sim_handle_open(o);
}

static HANDLE create_event(sim_thread *self, BOOL manual, BOOL initial, const char *name,
                           const char *fn) {
  sim_object *o;
  bool existed;
  HANDLE h = create_object(self, SIM_OBJ_EVENT, name, &o, &existed);
  if (h && !existed) {
    o->u.event.manual = manual != FALSE;
    o->signal = initial != FALSE;
  }
  if (sim_tracing()) {
    char what[96];
    sim_trace(self, SIM_EV_CALL, NULL, "%s(%s, %s) -> %s", fn, manual ? "manual reset" : "auto reset",
              initial ? "signalled" : "not signalled", h ? sim_object_label(o, what, sizeof what) : "NULL");
  }
  return h;
}

HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES sa, BOOL manual, BOOL initial, LPCSTR name) {
  SIM_ENTER(CreateEventA);
  (void)sa;
  SIM_RETURN(create_event(self, manual, initial, name, "CreateEventA"));
}

HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES sa, BOOL manual, BOOL initial, LPCWSTR name) {
  SIM_ENTER(CreateEventW);
  (void)sa;
  char n[256];
  sim_wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(create_event(self, manual, initial, name ? n : NULL, "CreateEventW"));
}

static BOOL event_op(sim_thread *self, HANDLE h, bool set, const char *fn) {
  char what[96];
  sim_object *o = sim_handle_get_type(self, h, SIM_OBJ_EVENT);
  if (!o) {
    sim_warn(self, "%s(%#lx): not an open event handle", fn, (unsigned long)(uintptr_t)h);
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_HANDLE)", "%s(%#lx)", fn, (unsigned long)(uintptr_t)h);
    return FALSE;
  }
  if (sim_tracing()) sim_trace(self, SIM_EV_CALL, NULL, "%s(%s)", fn, sim_object_label(o, what, sizeof what));
  o->signal = set;
  if (set) sim_object_signal(o);
  return TRUE;
}

BOOL WINAPI SetEvent(HANDLE h) {
  SIM_ENTER(SetEvent);
  SIM_RETURN(event_op(self, h, true, "SetEvent"));
}

BOOL WINAPI ResetEvent(HANDLE h) {
  SIM_ENTER(ResetEvent);
  SIM_RETURN(event_op(self, h, false, "ResetEvent"));
}

static HANDLE create_mutex(sim_thread *self, BOOL owned, const char *name, const char *fn) {
  sim_object *o;
  bool existed;
  HANDLE h = create_object(self, SIM_OBJ_MUTEX, name, &o, &existed);
  if (h && !existed && owned) {
    o->u.mutex.owner = self;
    o->u.mutex.recursion = 1;
    sim_held_push(self, o, SIM_WAIT_OBJECTS, self->api);
  }
  if (sim_tracing()) {
    char what[96];
    sim_trace(self, SIM_EV_CALL, NULL, "%s(%s) -> %s", fn, owned ? "owned" : "not owned",
              h ? sim_object_label(o, what, sizeof what) : "NULL");
  }
  return h;
}

HANDLE WINAPI CreateMutexA(LPSECURITY_ATTRIBUTES sa, BOOL owned, LPCSTR name) {
  SIM_ENTER(CreateMutexA);
  (void)sa;
  SIM_RETURN(create_mutex(self, owned, name, "CreateMutexA"));
}

HANDLE WINAPI CreateMutexW(LPSECURITY_ATTRIBUTES sa, BOOL owned, LPCWSTR name) {
  SIM_ENTER(CreateMutexW);
  (void)sa;
  char n[256];
  sim_wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(create_mutex(self, owned, name ? n : NULL, "CreateMutexW"));
}

BOOL WINAPI ReleaseMutex(HANDLE h) {
  SIM_ENTER(ReleaseMutex);
  char what[96], who[64];
  sim_object *o = sim_handle_get_type(self, h, SIM_OBJ_MUTEX);
  if (!o) SIM_RETURN(FALSE);
  sim_object_label(o, what, sizeof what);
  if (o->u.mutex.owner != self) {
    sim_warn(self, "ReleaseMutex(%s): the mutex is held by %s, not by the caller", what,
             sim_thread_label(o->u.mutex.owner, who, sizeof who));
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "FALSE (ERROR_NOT_OWNER)", "ReleaseMutex(%s)", what);
    SIM_FAIL(ERROR_NOT_OWNER, FALSE);
  }
  if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "TRUE", "ReleaseMutex(%s)", what);
  if (--o->u.mutex.recursion == 0) {
    o->u.mutex.owner = NULL;
    sim_held_pop(self, o);
    sim_object_signal(o);
  }
  SIM_RETURN(TRUE);
}

void sim_mutexes_abandon(sim_thread *t) {
  for (int i = t->n_held - 1; i >= 0; i--) {
    if (t->held[i].kind != SIM_WAIT_OBJECTS) continue;
    sim_object *o = t->held[i].lock;
    if (o->type != SIM_OBJ_MUTEX || o->u.mutex.owner != t) continue;
    o->u.mutex.owner = NULL;
    o->u.mutex.recursion = 0;
    o->u.mutex.abandoned = true;
    sim_held_pop(t, o);
    sim_object_signal(o);
  }
}

static HANDLE create_semaphore(sim_thread *self, LONG initial, LONG max, const char *name,
                               const char *fn) {
  if (max <= 0 || initial < 0 || initial > max) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  sim_object *o;
  bool existed;
  HANDLE h = create_object(self, SIM_OBJ_SEMAPHORE, name, &o, &existed);
  if (h && !existed) {
    o->signal = initial;
    o->u.semaphore.max = max;
  }
  if (sim_tracing()) {
    char what[96];
    sim_trace(self, SIM_EV_CALL, NULL, "%s(%ld, max %ld) -> %s", fn, initial, max,
              h ? sim_object_label(o, what, sizeof what) : "NULL");
  }
  return h;
}

HANDLE WINAPI CreateSemaphoreA(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCSTR name) {
  SIM_ENTER(CreateSemaphoreA);
  (void)sa;
  SIM_RETURN(create_semaphore(self, initial, max, name, "CreateSemaphoreA"));
}

HANDLE WINAPI CreateSemaphoreW(LPSECURITY_ATTRIBUTES sa, LONG initial, LONG max, LPCWSTR name) {
  SIM_ENTER(CreateSemaphoreW);
  (void)sa;
  char n[256];
  sim_wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(create_semaphore(self, initial, max, name ? n : NULL, "CreateSemaphoreW"));
}

BOOL WINAPI ReleaseSemaphore(HANDLE h, LONG count, LPLONG previous) {
  SIM_ENTER(ReleaseSemaphore);
  char what[96];
  sim_object *o = sim_handle_get_type(self, h, SIM_OBJ_SEMAPHORE);
  if (!o) SIM_RETURN(FALSE);
  sim_object_label(o, what, sizeof what);
  if (count <= 0) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  if (count > o->u.semaphore.max - o->signal) {
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "FALSE (ERROR_TOO_MANY_POSTS)", "ReleaseSemaphore(%s, %ld)", what, count);
    SIM_FAIL(ERROR_TOO_MANY_POSTS, FALSE);
  }
  if (previous) *previous = o->signal;
  if (sim_tracing()) sim_trace(self, SIM_EV_CALL, "TRUE", "ReleaseSemaphore(%s, %ld): count %ld -> %ld", what, count, o->signal, o->signal + count);
  o->signal += count;
  sim_object_signal(o);
  SIM_RETURN(TRUE);
}

/* ---- Time -------------------------------------------------------------------------------- */

void WINAPI Sleep(DWORD ms) {
  sim_run *r = sim_current_run;
  if (ms == 0 && r && r->cur) r->cur->yielding = true;
  SIM_ENTER(Sleep);
  if (ms == 0) {
    if (sim_tracing()) sim_trace(self, SIM_EV_CALL, NULL, "Sleep(0): lets other ready threads go first");
    SIM_RETURN_VOID();
  }
  self->wait.kind = SIM_WAIT_SLEEP;
  self->wait.deadline_ms = ms == INFINITE ? SIM_NO_DEADLINE : r->now_ms + ms;
  sim_block(self);
  if (sim_tracing()) sim_trace(self, SIM_EV_RETURN, NULL, "Sleep(%lu)", ms);
  SIM_RETURN_VOID();
}

BOOL WINAPI SwitchToThread(void) {
  sim_run *r = sim_current_run;
  /* Whether another thread could take the turn is decided here, before the
   * scheduling point that gives it away. */
  BOOL others = r && r->cur && r->n_ready > 1;
  if (r && r->cur) r->cur->yielding = true;
  SIM_ENTER(SwitchToThread);
  if (sim_tracing()) sim_trace(self, SIM_EV_CALL, others ? "TRUE" : "FALSE (no other thread was ready)", "SwitchToThread()");
  SIM_RETURN(others);
}

ULONGLONG WINAPI GetTickCount64(void) {
  SIM_LOCAL(GetTickCount64);
  (void)self;
  return sim_current_run->now_ms;
}

DWORD WINAPI GetTickCount(void) {
  SIM_LOCAL(GetTickCount);
  (void)self;
  return (DWORD)(sim_current_run->now_ms & 0xFFFFFFFFu);
}

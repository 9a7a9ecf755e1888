/* The events, mutexes and semaphores of windows.h: CreateEvent, SetEvent,
 * ResetEvent, PulseEvent, CreateMutex, ReleaseMutex, CreateSemaphore, ReleaseSemaphore.
 *
 * Models Windows' documented results and error codes; what a signalled
 * object does to its waiters is kernel/wait.c.  Misuse that Windows reports
 * with an error code (releasing a mutex one does not own) returns that
 * error and is also flagged as a warning in the trace.
 *
 * OpenEvent, OpenMutex and OpenSemaphore find a named object of their
 * type (access rights and inheritance are accepted, not checked).
 *
 * Left out: security attributes.
 */
#include "api.h"

#include <string.h>

HANDLE sim__object_create(sim_thread *self, sim_object_type type, const char *name,
                          sim_object **out, bool *existed) {
  *existed = false;
  if (name && *name) {
    sim_object *o = sim__named_find(name);
    if (o) {
      if (o->type != type) {
        self->last_error = ERROR_INVALID_HANDLE;
        return NULL;
      }
      *existed = true;
      *out = o;
      self->last_error = ERROR_ALREADY_EXISTS;
      return sim__handle_open(o);
    }
  }
  sim_object *o = sim__object_new(type);
  o->created_at = self->ret_addr;
  if (name && *name) sim__named_add(o, name);
  *out = o;
  self->last_error = ERROR_SUCCESS;
  return sim__handle_open(o);
}

static HANDLE create_event(sim_thread *self, BOOL manual, BOOL initial, const char *name,
                           const char *fn) {
  sim_object *o;
  bool existed;
  HANDLE h = sim__object_create(self, SIM_OBJ_EVENT, name, &o, &existed);
  if (h && !existed) {
    o->u.event.manual = manual != FALSE;
    o->signal = initial != FALSE;
  }
  if (sim__tracing()) {
    char what[96];
    sim__trace(self, SIM_EV_CALL, NULL, "%s(%s, %s) -> %s", fn, manual ? "manual reset" : "auto reset",
              initial ? "signalled" : "not signalled", h ? sim__object_label(o, what, sizeof what) : "NULL");
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
  sim__wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(create_event(self, manual, initial, name ? n : NULL, "CreateEventW"));
}

static BOOL event_op(sim_thread *self, HANDLE h, bool set, const char *fn) {
  char what[96];
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_EVENT);
  if (!o) {
    sim__warn(self, "%s(%#lx): not an open event handle", fn, (unsigned long)(uintptr_t)h);
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_HANDLE)", "%s(%#lx)", fn, (unsigned long)(uintptr_t)h);
    return FALSE;
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "%s(%s)", fn, sim__object_label(o, what, sizeof what));
  o->signal = set;
  if (set) sim__object_signal(o);
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

/* Signalled for the time of one dispatch: the waiters blocked now are
 * released as SetEvent would release them, and nobody later sees it. */
BOOL WINAPI PulseEvent(HANDLE h) {
  SIM_ENTER(PulseEvent);
  BOOL ok = event_op(self, h, true, "PulseEvent");
  sim_object *o = ok ? sim__handle_get(self, h) : NULL;
  if (o) o->signal = 0;
  SIM_RETURN(ok);
}

static HANDLE create_mutex(sim_thread *self, BOOL owned, const char *name, const char *fn) {
  sim_object *o;
  bool existed;
  HANDLE h = sim__object_create(self, SIM_OBJ_MUTEX, name, &o, &existed);
  if (h && !existed && owned) {
    o->u.mutex.owner = self;
    o->u.mutex.recursion = 1;
    sim__held_push(self, o, SIM_WAIT_OBJECTS, self->api);
  }
  if (sim__tracing()) {
    char what[96];
    sim__trace(self, SIM_EV_CALL, NULL, "%s(%s) -> %s", fn, owned ? "owned" : "not owned",
              h ? sim__object_label(o, what, sizeof what) : "NULL");
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
  sim__wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(create_mutex(self, owned, name ? n : NULL, "CreateMutexW"));
}

BOOL WINAPI ReleaseMutex(HANDLE h) {
  SIM_ENTER(ReleaseMutex);
  char what[96], who[64];
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_MUTEX);
  if (!o) SIM_RETURN(FALSE);
  sim__object_label(o, what, sizeof what);
  if (o->u.mutex.owner != self) {
    sim__warn(self, "ReleaseMutex(%s): the mutex is held by %s, not by the caller", what,
             sim__thread_label(o->u.mutex.owner, who, sizeof who));
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_NOT_OWNER)", "ReleaseMutex(%s)", what);
    SIM_FAIL(ERROR_NOT_OWNER, FALSE);
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "ReleaseMutex(%s)", what);
  sim_assert(o->u.mutex.recursion > 0, "mutex#%d owned with a recursion of %ld", o->serial,
             (long)o->u.mutex.recursion);
  if (--o->u.mutex.recursion == 0) {
    o->u.mutex.owner = NULL;
    bool held = sim__held_pop(self, o);
    sim_assert(held, "thread %d owns mutex#%d without holding it", self->id, o->serial);
    sim__object_signal(o);
  }
  SIM_RETURN(TRUE);
}

static HANDLE create_semaphore(sim_thread *self, LONG initial, LONG max, const char *name,
                               const char *fn) {
  if (max <= 0 || initial < 0 || initial > max) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  sim_object *o;
  bool existed;
  HANDLE h = sim__object_create(self, SIM_OBJ_SEMAPHORE, name, &o, &existed);
  if (h && !existed) {
    o->signal = initial;
    o->u.semaphore.max = max;
  }
  if (sim__tracing()) {
    char what[96];
    sim__trace(self, SIM_EV_CALL, NULL, "%s(%ld, max %ld) -> %s", fn, initial, max,
              h ? sim__object_label(o, what, sizeof what) : "NULL");
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
  sim__wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(create_semaphore(self, initial, max, name ? n : NULL, "CreateSemaphoreW"));
}

BOOL WINAPI ReleaseSemaphore(HANDLE h, LONG count, LPLONG previous) {
  SIM_ENTER(ReleaseSemaphore);
  char what[96];
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_SEMAPHORE);
  if (!o) SIM_RETURN(FALSE);
  sim__object_label(o, what, sizeof what);
  if (count <= 0) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  if (count > o->u.semaphore.max - o->signal) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_TOO_MANY_POSTS)", "ReleaseSemaphore(%s, %ld)", what, count);
    SIM_FAIL(ERROR_TOO_MANY_POSTS, FALSE);
  }
  if (previous) {
    sim__fp_memory(previous, sizeof *previous, true);
    *previous = o->signal;
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "ReleaseSemaphore(%s, %ld): count %ld -> %ld", what, count, o->signal, o->signal + count);
  o->signal += count;
  sim__object_signal(o);
  SIM_RETURN(TRUE);
}

/* ---- Opening named objects ------------------------------------------------------ */

static HANDLE open_object(sim_thread *self, sim_object_type type, const char *name, const char *fn) {
  char what[96];
  if (!name) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "NULL (ERROR_INVALID_PARAMETER)", "%s(NULL)", fn);
    self->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  sim_object *o = sim__named_find(name);
  if (!o || o->type != type) {
    DWORD error = o ? ERROR_INVALID_HANDLE : ERROR_FILE_NOT_FOUND;
    if (sim__tracing())
      sim__trace(self, SIM_EV_CALL, o ? "NULL (ERROR_INVALID_HANDLE: another type of object has that name)"
                                      : "NULL (ERROR_FILE_NOT_FOUND)", "%s(\"%s\")", fn, name);
    self->last_error = error;
    return NULL;
  }
  HANDLE h = sim__handle_open(o);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "%s(\"%s\") -> %s", fn, name, sim__object_label(o, what, sizeof what));
  return h;
}

#define OPEN_A(fn, type)                                                    \
  HANDLE WINAPI fn##A(DWORD access, BOOL inherit, LPCSTR name) {           \
    SIM_ENTER(fn##A);                                                      \
    (void)access;                                                          \
    (void)inherit;                                                         \
    SIM_RETURN(open_object(self, type, name, #fn "A"));                    \
  }
#define OPEN_W(fn, type)                                                    \
  HANDLE WINAPI fn##W(DWORD access, BOOL inherit, LPCWSTR name) {          \
    SIM_ENTER(fn##W);                                                      \
    (void)access;                                                          \
    (void)inherit;                                                         \
    char n[256];                                                           \
    sim__wide_to_utf8(name, n, sizeof n);                                  \
    SIM_RETURN(open_object(self, type, name ? n : NULL, #fn "W"));         \
  }

OPEN_A(OpenEvent, SIM_OBJ_EVENT)
OPEN_W(OpenEvent, SIM_OBJ_EVENT)
OPEN_A(OpenMutex, SIM_OBJ_MUTEX)
OPEN_W(OpenMutex, SIM_OBJ_MUTEX)
OPEN_A(OpenSemaphore, SIM_OBJ_SEMAPHORE)
OPEN_W(OpenSemaphore, SIM_OBJ_SEMAPHORE)

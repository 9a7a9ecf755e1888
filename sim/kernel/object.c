/* Kernel objects and the handle table.
 *
 * Handles are small multiples of 4, like Windows' own, and a closed
 * handle's value is reused by the next object opened (most recently freed
 * first), so "closed a handle twice" bugs close somebody else's object, as
 * they do on Windows.  An object lives while it has handles or internal
 * users (a running thread keeps its own object); objects are never freed
 * during a run, only forgotten with the run's arena.
 *
 * Left out: access rights, inheritance, DuplicateHandle, and object names
 * beyond the process (all named objects live in one namespace).
 */
#include "kernel.h"

#include <string.h>

static const char *const type_names[SIM_OBJ_TYPE_COUNT] = {
    [SIM_OBJ_THREAD] = "thread", [SIM_OBJ_EVENT] = "event",   [SIM_OBJ_MUTEX] = "mutex",
    [SIM_OBJ_SEMAPHORE] = "semaphore", [SIM_OBJ_PORT] = "port", [SIM_OBJ_PIPE] = "pipe",
    [SIM_OBJ_TIMER] = "timer",
};

sim_object *sim__object_new(sim_object_type type) {
  sim_run *r = sim__current_run;
  sim_object *o = sim__arena_alloc(&r->arena, sizeof *o);
  o->type = type;
  o->serial = ++r->serial[type];
  /* Serial numbers are given in creation order. */
  sim__fp_touch(SIM_RES_HANDLES, 0, true);
  o->waiters.next = o->waiters.prev = &o->waiters;
  return o;
}

#define HANDLE_VALUE(i) ((HANDLE)(uintptr_t)(((i) + 1) * 4))

HANDLE sim__handle_open(sim_object *o) {
  sim_run *r = sim__current_run;
  int i;
  if (r->free_handle >= 0) {
    i = r->free_handle;
    r->free_handle = (int)(intptr_t)r->handles[i] - 1;
  } else {
    if (r->n_handles == r->cap_handles) {
      int cap = r->cap_handles ? r->cap_handles * 2 : 64;
      sim_object **h = sim__arena_alloc(&r->arena, (size_t)cap * sizeof *h);
      if (r->n_handles) memcpy(h, r->handles, (size_t)r->n_handles * sizeof *h);
      r->handles = h;
      r->cap_handles = cap;
    }
    i = r->n_handles++;
  }
  r->handles[i] = o;
  o->handles++;
  sim__fp_touch(SIM_RES_HANDLES, 0, true);
  sim__fp_touch(SIM_RES_HANDLE, (uint64_t)i, true);
  sim__fp_object(o, true);
  return HANDLE_VALUE(i);
}

/* Free slots hold (next free index + 1) as a small integer, which can never
 * be an object address; this tells them apart. */
static bool slot_is_free(sim_object *slot) { return (uintptr_t)slot < 4096; }

static int handle_index(HANDLE h) {
  uintptr_t v = (uintptr_t)h;
  if (v == 0 || v % 4 != 0) return -1;
  return (int)(v / 4) - 1;
}

sim_object *sim__handle_get(sim_thread *t, HANDLE h) {
  sim_run *r = sim__current_run;
  if (h == (HANDLE)(intptr_t)-2 && t) {
    sim__fp_object(t->object, true);
    return t->object; /* GetCurrentThread() */
  }
  int i = handle_index(h);
  /* A lookup reads its slot; what a call then does to the object is
   * taken to be a write, whatever the call. */
  if (i >= 0) sim__fp_touch(SIM_RES_HANDLE, (uint64_t)i, false);
  if (i < 0 || i >= r->n_handles || slot_is_free(r->handles[i])) {
    if (t) t->last_error = ERROR_INVALID_HANDLE;
    return NULL;
  }
  sim__fp_object(r->handles[i], true);
  return r->handles[i];
}

sim_object *sim__handle_get_type(sim_thread *t, HANDLE h, sim_object_type type) {
  sim_object *o = sim__handle_get(t, h);
  if (o && o->type != type) {
    if (t) t->last_error = ERROR_INVALID_HANDLE;
    return NULL;
  }
  return o;
}

bool sim__handle_close(sim_thread *t, HANDLE h) {
  sim_run *r = sim__current_run;
  int i = handle_index(h);
  if (i < 0 || i >= r->n_handles || slot_is_free(r->handles[i])) {
    if (t) t->last_error = ERROR_INVALID_HANDLE;
    return false;
  }
  sim_object *o = r->handles[i];
  sim__fp_touch(SIM_RES_HANDLES, 0, true);
  sim__fp_touch(SIM_RES_HANDLE, (uint64_t)i, true);
  sim__fp_object(o, true);
  r->handles[i] = (sim_object *)(intptr_t)(r->free_handle + 1);
  r->free_handle = i;
  sim_assert(o->handles > 0, "closing a handle of an object with no handles open");
  o->handles--;
  return true;
}

const char *sim__object_label(const sim_object *o, char *buf, size_t size) {
  if (!o) snprintf(buf, size, "(none)");
  else if (o->type == SIM_OBJ_THREAD) snprintf(buf, size, "thread %d", o->u.thread.thread->id);
  else if (o->name) snprintf(buf, size, "%s#%d \"%s\"", type_names[o->type], o->serial, o->name);
  else snprintf(buf, size, "%s#%d", type_names[o->type], o->serial);
  return buf;
}

const char *sim__handle_label(HANDLE h, char *buf, size_t size) {
  sim_object *o = sim__handle_get(NULL, h);
  if (h == (HANDLE)(intptr_t)-2) snprintf(buf, size, "GetCurrentThread()");
  else if (!o) snprintf(buf, size, "invalid handle %#lx", (unsigned long)(uintptr_t)h);
  else sim__object_label(o, buf, size);
  return buf;
}

sim_object *sim__named_find(const char *name) {
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_NAMES, 0, false);
  for (int i = 0; i < r->n_named; i++)
    if (strcmp(r->named[i]->name, name) == 0) return r->named[i];
  return NULL;
}

void sim__named_add(sim_object *o, const char *name) {
  sim_run *r = sim__current_run;
  sim__fp_touch(SIM_RES_NAMES, 0, true);
  if (r->n_named == r->cap_named) {
    int cap = r->cap_named ? r->cap_named * 2 : 16;
    sim_object **n = sim__arena_alloc(&r->arena, (size_t)cap * sizeof *n);
    if (r->n_named) memcpy(n, r->named, (size_t)r->n_named * sizeof *n);
    r->named = n;
    r->cap_named = cap;
  }
  o->name = sim__arena_strdup(&r->arena, name);
  r->named[r->n_named++] = o;
}

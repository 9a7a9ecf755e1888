/* Kernel objects and the handle table.
 *
 * Handles are small multiples of 4, like Windows' own, and a closed
 * handle's value is reused by the next object opened (most recently freed
 * first), so "closed a handle twice" bugs close somebody else's object, as
 * they do on Windows.  An object lives while it has handles or internal
 * users (a running thread keeps its own object); objects are never freed
 * during a run, only forgotten with the run's arena.
 *
 * A named object loses its name when its last handle is closed, as
 * Windows' object manager removes the name when the handle count drops to
 * zero: creating the name again makes a new object (ERROR_SUCCESS, not
 * ERROR_ALREADY_EXISTS).  (Wine keeps the name while a wait still refers
 * to the object; Windows does not.)
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

/* ---- The handle table ------------------------------------------------------- */

/* One table, and the only code that knows how it is laid out: everything
 * else walks it with sim__handle_slots and sim__handle_slot.  A free slot
 * holds NULL (never a disguised index), so no value of an object pointer
 * or of a slot number can be mistaken for the other. */

static HANDLE handle_value(int slot) { return (HANDLE)(uintptr_t)(((uintptr_t)slot + 1) * 4); }

static int slot_of_handle(HANDLE h) {
  uintptr_t v = (uintptr_t)h;
  if (v == 0 || v % 4 != 0 || v / 4 > (uintptr_t)SIM_HANDLES_MAX) return -1;
  return (int)(v / 4) - 1;
}

/* Grows an arena array of `size`-byte elements to hold at least one more. */
static void *grow(sim_run *r, void *old, int n, int *cap, size_t size) {
  if (n < *cap) return old;
  int want = *cap ? *cap * 2 : 64;
  void *p = sim__arena_alloc(&r->arena, (size_t)want * size);
  if (n) memcpy(p, old, (size_t)n * size);
  *cap = want;
  return p;
}

int sim__handle_slots(void) { return sim__current_run->n_handles; }

sim_object *sim__handle_slot(int slot) {
  sim_run *r = sim__current_run;
  sim_assert(slot >= 0 && slot < r->n_handles, "handle slot %d outside the table (%d slots)", slot,
             r->n_handles);
  return r->handles[slot];
}

HANDLE sim__handle_of_slot(int slot) {
  sim_assert(slot >= 0 && slot < SIM_HANDLES_MAX, "handle slot %d outside the table", slot);
  return handle_value(slot);
}

int sim__handles_open(void) {
  sim_run *r = sim__current_run;
  int open = r->n_handles - r->n_free;
  sim_assert(open >= 0, "more free handle slots (%d) than slots (%d)", r->n_free, r->n_handles);
  return open;
}

HANDLE sim__handle_open(sim_object *o) {
  sim_run *r = sim__current_run;
  sim_assert(o && o->type > 0 && o->type < SIM_OBJ_TYPE_COUNT, "a handle to no object");
  sim_assert(o->handles >= 0, "%d handles to one object", o->handles);
  int slot;
  if (r->n_free > 0) {
    slot = r->free_slots[--r->n_free];
    sim_assert(slot >= 0 && slot < r->n_handles && !r->handles[slot],
               "free handle slot %d is in use or outside the table", slot);
  } else {
    if (r->n_handles == SIM_HANDLES_MAX) {
      char what[96];
      sim__finish(SIM_VERDICT_LIMIT, r->cur,
                  "the program has %d handles open at once, the simulator's limit "
                  "(SIM_HANDLES_MAX in sim/include/loaderlab.h; Windows allows about 16 million): "
                  "opening another (%s) ends the run; handles opened in a loop and never closed?",
                  SIM_HANDLES_MAX, sim__object_label(o, what, sizeof what));
    }
    r->handles = grow(r, r->handles, r->n_handles, &r->cap_handles, sizeof *r->handles);
    slot = r->n_handles++;
  }
  r->handles[slot] = o;
  o->handles++;
  sim__fp_touch(SIM_RES_HANDLES, 0, true);
  sim__fp_touch(SIM_RES_HANDLE, (uint64_t)slot, true);
  sim__fp_object(o, true);
  return handle_value(slot);
}

sim_object *sim__handle_get(sim_thread *t, HANDLE h) {
  sim_run *r = sim__current_run;
  if (h == (HANDLE)(intptr_t)-2 && t) {
    sim__fp_object(t->object, true);
    return t->object; /* GetCurrentThread() */
  }
  int slot = slot_of_handle(h);
  /* A lookup reads its slot; what a call then does to the object is
   * taken to be a write, whatever the call. */
  if (slot >= 0) sim__fp_touch(SIM_RES_HANDLE, (uint64_t)slot, false);
  if (slot < 0 || slot >= r->n_handles || !r->handles[slot]) {
    if (t) t->last_error = ERROR_INVALID_HANDLE;
    return NULL;
  }
  sim_assert(r->handles[slot]->handles > 0, "handle %#lx names an object with no handles open",
             (unsigned long)(uintptr_t)h);
  sim__fp_object(r->handles[slot], true);
  return r->handles[slot];
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
  int slot = slot_of_handle(h);
  if (slot < 0 || slot >= r->n_handles || !r->handles[slot]) {
    if (t) t->last_error = ERROR_INVALID_HANDLE;
    return false;
  }
  sim_object *o = r->handles[slot];
  sim__fp_touch(SIM_RES_HANDLES, 0, true);
  sim__fp_touch(SIM_RES_HANDLE, (uint64_t)slot, true);
  sim__fp_object(o, true);
  sim_assert(o->handles > 0, "closing a handle of an object with no handles open");
  r->handles[slot] = NULL;
  r->free_slots = grow(r, r->free_slots, r->n_free, &r->cap_free, sizeof *r->free_slots);
  r->free_slots[r->n_free++] = slot;
  sim_assert(r->n_free <= r->n_handles, "more free handle slots than slots");
  o->handles--;
  return true;
}

const char *sim__object_type_name(sim_object_type type) {
  return type > 0 && type < SIM_OBJ_TYPE_COUNT ? type_names[type] : "object";
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

void sim__named_remove(sim_object *o) {
  sim_run *r = sim__current_run;
  for (int i = 0; i < r->n_named; i++) {
    if (r->named[i] != o) continue;
    memmove(&r->named[i], &r->named[i + 1], (size_t)(r->n_named - i - 1) * sizeof r->named[0]);
    r->n_named--;
    return;
  }
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

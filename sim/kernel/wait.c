/* Waiting on kernel objects, and virtual time.
 *
 * Follows the Windows dispatcher: a wait is satisfied at the moment an
 * object is signalled, not when the waiter next runs, so an auto-reset
 * event set once releases exactly one waiter and nobody can steal the
 * signal in between.  Waiters are satisfied in arrival order.  A wait for
 * several objects either takes the lowest-index signalled one (wait-any)
 * or takes all of them at once when all are signalled (wait-all).  A
 * mutex whose owner exited is handed to the next waiter as abandoned.
 *
 * An alertable wait is one whose thread has `alertable` set: a queued APC
 * ends it with WAIT_IO_COMPLETION (apc.c), after the objects were found
 * not signalled, as on Windows.
 *
 * Left out: the kernel's occasional LIFO wake-ups after an APC.
 */
#include "kernel.h"



bool sim__object_signalled_for(const sim_object *o, const sim_thread *t) {
  switch (o->type) {
  case SIM_OBJ_MUTEX: return !o->u.mutex.owner || o->u.mutex.owner == t;
  case SIM_OBJ_SEMAPHORE: return o->signal > 0;
  case SIM_OBJ_EVENT:
  case SIM_OBJ_THREAD:
  case SIM_OBJ_TIMER: return o->signal != 0;
  /* A completion port is a kernel queue: signalled while it holds packets,
   * and a wait on it takes none (kernel/port.c). */
  case SIM_OBJ_PORT: return o->u.port.queued > 0;
  default: return false;
  }
}

/* Takes o for t; returns WAIT_ABANDONED for an abandoned mutex, else
 * WAIT_OBJECT_0. */
static DWORD object_acquire(sim_object *o, sim_thread *t) {
  switch (o->type) {
  case SIM_OBJ_EVENT:
    if (!o->u.event.manual) o->signal = 0;
    break;
  case SIM_OBJ_TIMER:
    if (!o->u.timer.manual) o->signal = 0;
    break;
  case SIM_OBJ_SEMAPHORE:
    sim_assert(o->signal > 0, "semaphore#%d taken at a count of %ld", o->serial, (long)o->signal);
    o->signal--;
    break;
  case SIM_OBJ_MUTEX:
    if (o->u.mutex.owner == t) {
      o->u.mutex.recursion++;
      break;
    }
    sim_assert(!o->u.mutex.owner && o->u.mutex.recursion == 0, "mutex#%d taken while owned",
               o->serial);
    o->u.mutex.owner = t;
    o->u.mutex.recursion = 1;
    sim__held_push(t, o, SIM_WAIT_OBJECTS, t->api);
    if (o->u.mutex.abandoned) {
      o->u.mutex.abandoned = false;
      return WAIT_ABANDONED;
    }
    break;
  default: break;
  }
  return WAIT_OBJECT_0;
}

static void unlink_blocks(sim_thread *t) {
  for (int i = 0; i < t->wait.count; i++) {
    sim_wait_block *b = &t->wait.blocks[i];
    if (!b->next) continue;
    /* Whoever takes a waiter off an object's list (a signal, a timeout,
     * TerminateThread) changes what that object's next signal does. */
    sim__fp_object(b->object, true);
    b->prev->next = b->next;
    b->next->prev = b->prev;
    b->next = b->prev = NULL;
  }
  t->wait.count = 0;
}

static bool all_signalled(const sim_thread *t) {
  for (int i = 0; i < t->wait.count; i++)
    if (!sim__object_signalled_for(t->wait.blocks[i].object, t)) return false;
  return true;
}

/* A wait-all takes every object; if one of them is an abandoned mutex the
 * result is WAIT_ABANDONED_0 itself, whichever index it has (Windows'
 * kernel and Wine's server both return STATUS_ABANDONED_WAIT_0; Microsoft's
 * documentation only promises a value in the WAIT_ABANDONED_0 range). */
static DWORD acquire_all(sim_thread *t, int n, sim_object **objs) {
  DWORD result = WAIT_OBJECT_0;
  for (int i = 0; i < n; i++)
    if (object_acquire(objs[i], t) == WAIT_ABANDONED) result = WAIT_ABANDONED_0;
  return result;
}

static void satisfy(sim_thread *t, DWORD result) {
  unlink_blocks(t);
  t->wait.result = result;
  sim__wake(t, SIM_PHASE_RETURN);
}

void sim__object_signal(sim_object *o) {
  sim__fp_object(o, true);
  sim_wait_block *b = o->waiters.next;
  while (b != &o->waiters) {
    sim_wait_block *next = b->next;
    sim_thread *w = b->thread;
    if (!sim__object_signalled_for(o, w)) break;
    if (!w->wait.all) {
      DWORD r = object_acquire(o, w);
      satisfy(w, r + (DWORD)b->index);
    } else if (all_signalled(w)) {
      sim_object *objs[MAXIMUM_WAIT_OBJECTS];
      int n = w->wait.count;
      for (int i = 0; i < n; i++) objs[i] = w->wait.blocks[i].object;
      satisfy(w, acquire_all(w, n, objs));
    } else {
      b = next;
      continue;
    }
    /* Satisfying w unlinked every wait block of w, and `next` may be one
     * of them: a wait-any may name the same handle twice, as Windows
     * allows.  Start again from the first waiter still linked; waiters
     * passed over so far were wait-alls that could not be satisfied, and
     * taking an object never makes another one signalled. */
    b = o->waiters.next;
  }
}

bool sim__objects_satisfy(const sim_thread *t, int n, sim_object **objs, bool all) {
  sim_run *r = sim__current_run;
  if (r->n_timers) sim__timers_fire(r->now_ms);
  for (int i = 0; i < n; i++) {
    bool s = sim__object_signalled_for(objs[i], t);
    if (s && !all) return true;
    if (!s && all) return false;
  }
  return all;
}

DWORD sim__wait_objects(sim_thread *t, int n, sim_object **objs, bool all, DWORD timeout_ms) {
  sim_run *r = sim__current_run;
  for (int i = 0; i < n; i++) sim__fp_object(objs[i], true);
  /* Timers nobody waited on are brought up to date lazily (timer.c). */
  if (r->n_timers) sim__timers_fire(r->now_ms);
  if (!all) {
    for (int i = 0; i < n; i++)
      if (sim__object_signalled_for(objs[i], t)) return object_acquire(objs[i], t) + (DWORD)i;
  } else {
    bool ready = true;
    for (int i = 0; i < n && ready; i++) ready = sim__object_signalled_for(objs[i], t);
    if (ready) return acquire_all(t, n, objs);
  }
  if (timeout_ms == 0) return WAIT_TIMEOUT;

  if (!t->wait.blocks)
    t->wait.blocks = sim__arena_alloc(&r->arena, MAXIMUM_WAIT_OBJECTS * sizeof *t->wait.blocks);
  t->wait.kind = SIM_WAIT_OBJECTS;
  t->wait.all = all;
  t->wait.count = n;
  t->wait.deadline_ms = timeout_ms == INFINITE ? SIM_NO_DEADLINE : r->now_ms + timeout_ms;
  for (int i = 0; i < n; i++) {
    sim_wait_block *b = &t->wait.blocks[i];
    b->thread = t;
    b->object = objs[i];
    b->index = i;
    b->next = &objs[i]->waiters;
    b->prev = objs[i]->waiters.prev;
    b->prev->next = b;
    objs[i]->waiters.prev = b;
  }
  sim__block(t);
  return t->wait.result;
}

void sim__wait_cancel(sim_thread *t) {
  switch (t->wait.kind) {
  case SIM_WAIT_OBJECTS: unlink_blocks(t); break;
  case SIM_WAIT_PORT: sim__port_wait_cancel(t); break;
  default: break;
  }
}

/* The earliest deadline: a blocked thread's timeout, or a timer someone
 * waits on; SIM_NO_DEADLINE if none. */
static uint64_t next_deadline(const sim_run *r) {
  uint64_t due = sim__timers_next_due();
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    if (t->state == SIM_T_BLOCKED && t->wait.deadline_ms < due) due = t->wait.deadline_ms;
  }
  return due;
}

/* Moves virtual time on to `to`: timers fire, and every wait whose
 * deadline has come times out. */
static void advance_to(sim_run *r, uint64_t to) {
  sim_assert(to >= r->now_ms, "virtual time never goes back");
  r->now_ms = to;
  sim__timers_fire(to);
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    if (t->state != SIM_T_BLOCKED || t->wait.deadline_ms > to) continue;
    sim_wait_kind kind = t->wait.kind;
    sim__wait_cancel(t);
    t->wait.result = kind == SIM_WAIT_SLEEP ? 0 : WAIT_TIMEOUT;
    sim__wake(t, SIM_PHASE_RETURN);
  }
}

bool sim__time_advance(void) {
  sim_run *r = sim__current_run;
  uint64_t due = next_deadline(r);
  if (due == SIM_NO_DEADLINE) return false;
  advance_to(r, due);
  return true;
}

void sim__time_spin(void) {
  sim_run *r = sim__current_run;
  uint64_t to = r->now_ms + SIM_SPIN_QUANTUM_MS;
  uint64_t due = next_deadline(r);
  if (due < r->now_ms) due = r->now_ms;
  advance_to(r, due < to ? due : to);
}

/* A thread that ends gives up its mutexes: each passes to its next waiter
 * as abandoned (WAIT_ABANDONED), as the Windows kernel does. */
void sim__mutexes_abandon(sim_thread *t) {
  for (int i = t->n_held - 1; i >= 0; i--) {
    if (t->held[i].kind != SIM_WAIT_OBJECTS) continue;
    sim_object *o = t->held[i].lock;
    if (o->type != SIM_OBJ_MUTEX || o->u.mutex.owner != t) continue;
    o->u.mutex.owner = NULL;
    o->u.mutex.recursion = 0;
    o->u.mutex.abandoned = true;
    bool held = sim__held_pop(t, o);
    sim_assert(held, "thread %d owns mutex#%d without holding it", t->id, o->serial);
    sim__object_signal(o);
  }
}

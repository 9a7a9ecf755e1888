/* The invariants of a run, checked as a whole: the scheduler's state
 * (ready set, live count, who waits), the handle table, the reference
 * counts of kernel objects, lock ownership of mutexes, and completion
 * ports' queues and counts.  The simulator checks them at the end of every
 * run that ended with a verdict (explore/run.c), so every test of the
 * suite exercises them; a broken one is a bug of the simulator and goes
 * through sim_assert.  The cheap ones are also asserted where the state
 * changes (sched.c, object.c, lock.c, wait.c, port.c).
 *
 * Only state the simulator owns is checked: a critical section or an SRW
 * lock lives in the program's memory, which the program may overwrite
 * (or the loader may have protected), so its contents prove nothing about
 * the simulator. */
#include "kernel.h"

static bool holds(const sim_thread *t, const void *lock) {
  for (int i = 0; i < t->n_held; i++)
    if (t->held[i].lock == lock) return true;
  return false;
}

static void verify_threads(const sim_run *r) {
  sim_assert(r->n_threads >= 0 && r->n_threads <= r->opt.threads_max, "%d threads, at most %d",
             r->n_threads, r->opt.threads_max);
  sim_assert(r->n_ready >= 0 && r->n_ready <= r->n_threads, "%d ready of %d threads", r->n_ready,
             r->n_threads);
  int ready = 0, live = 0;
  for (int i = 0; i < r->n_threads; i++) {
    const sim_thread *t = r->threads[i];
    sim_assert(t && t->id == i + 1, "thread slot %d holds thread %d", i, t ? t->id : 0);
    sim_assert(t->state >= SIM_T_READY && t->state <= SIM_T_EXITED, "thread %d in state %d", t->id,
               t->state);
    if (t->state == SIM_T_READY) ready++;
    if (t->state != SIM_T_EXITED) live++;
    if (t->state == SIM_T_BLOCKED)
      sim_assert(t->wait.kind != SIM_WAIT_NONE, "thread %d is blocked on nothing", t->id);
    if (t->state == SIM_T_SUSPENDED)
      sim_assert(t->suspend_count > 0, "thread %d is suspended with a count of %ld", t->id,
                 (long)t->suspend_count);
    if (t->state == SIM_T_BLOCKED && t->wait.kind == SIM_WAIT_OBJECTS) {
      sim_assert(t->wait.count >= 1 && t->wait.count <= MAXIMUM_WAIT_OBJECTS,
                 "thread %d waits for %d objects", t->id, t->wait.count);
      for (int k = 0; k < t->wait.count; k++) {
        const sim_wait_block *b = &t->wait.blocks[k];
        sim_assert(b->thread == t && b->next && b->prev && b->next->prev == b && b->prev->next == b,
                   "wait block %d of thread %d is not linked into its object's waiters", k, t->id);
      }
    }
    sim_assert(t->n_held >= 0 && t->n_held <= t->cap_held, "thread %d holds %d locks of room for %d",
               t->id, t->n_held, t->cap_held);
    sim_assert(t->dllmain_depth >= 0, "thread %d is inside %d DllMain calls", t->id, t->dllmain_depth);
    sim_assert(!t->port_active || t->port_assoc, "thread %d counts for no port", t->id);
  }
  sim_assert(ready == r->n_ready, "%d threads are ready, the ready set has %d", ready, r->n_ready);
  sim_assert(live == r->n_live, "%d threads are live, the count says %d", live, r->n_live);
  for (int i = 0; i < r->n_ready; i++) {
    sim_assert(r->ready[i]->state == SIM_T_READY, "thread %d in the ready set is not ready",
               r->ready[i]->id);
    sim_assert(i == 0 || r->ready[i - 1]->id < r->ready[i]->id,
               "the ready set is not in increasing id order at %d", i);
  }
}

static void verify_port(const sim_run *r, const sim_object *port) {
  int queued = 0;
  const sim_packet *last = NULL;
  for (const sim_packet *p = port->u.port.head; p; p = p->next) {
    queued++;
    last = p;
    sim_assert(queued <= port->u.port.queued, "the packet list of %s is longer than its count",
               "a port");
  }
  sim_assert(queued == port->u.port.queued && last == port->u.port.tail,
             "port#%d counts %d packets and holds %d", port->serial, port->u.port.queued, queued);
  for (const sim_thread *w = port->u.port.waiters; w; w = w->port_next)
    sim_assert(w->state == SIM_T_BLOCKED && w->wait.kind == SIM_WAIT_PORT && w->wait.port == port,
               "thread %d is in port#%d's waiters without waiting for it", w->id, port->serial);
  ULONG active = 0;
  for (int i = 0; i < r->n_threads; i++)
    if (r->threads[i]->port_assoc == port && r->threads[i]->port_active) active++;
  sim_assert(active == port->u.port.active, "port#%d counts %lu active threads, %lu are",
             port->serial, (unsigned long)port->u.port.active, (unsigned long)active);
}

static void verify_handles(const sim_run *r) {
  sim_assert(r->n_handles >= 0 && r->n_handles <= r->cap_handles && r->n_handles <= SIM_HANDLES_MAX,
             "%d handle slots of room for %d", r->n_handles, r->cap_handles);
  sim_assert(r->n_free >= 0 && r->n_free <= r->n_handles, "%d free slots of %d", r->n_free,
             r->n_handles);
  int empty = 0;
  for (int i = 0; i < r->n_handles; i++) {
    sim_object *o = r->handles[i];
    if (!o) {
      empty++;
      continue;
    }
    sim_assert(o->type > 0 && o->type < SIM_OBJ_TYPE_COUNT && o->handles >= 1,
               "handle slot %d holds an object of type %d with %d handles", i, o->type, o->handles);
    o->tally = 0;
  }
  sim_assert(empty == r->n_free, "%d empty handle slots, %d on the free list", empty, r->n_free);
  for (int i = 0; i < r->n_free; i++) {
    int slot = r->free_slots[i];
    sim_assert(slot >= 0 && slot < r->n_handles && !r->handles[slot],
               "free list entry %d names slot %d, which is in use or outside", i, slot);
  }
  for (int i = 0; i < r->n_handles; i++)
    if (r->handles[i]) r->handles[i]->tally++;
  for (int i = 0; i < r->n_handles; i++) {
    const sim_object *o = r->handles[i];
    if (!o) continue;
    sim_assert(o->tally == o->handles, "%d handles in the table name an object that counts %d",
               o->tally, o->handles);
    if (o->type == SIM_OBJ_MUTEX) {
      const sim_thread *owner = o->u.mutex.owner;
      sim_assert((owner == NULL) == (o->u.mutex.recursion == 0),
                 "mutex#%d has owner %d and recursion %ld", o->serial, owner ? owner->id : 0,
                 (long)o->u.mutex.recursion);
      sim_assert(!owner || (owner->state != SIM_T_EXITED && holds(owner, o)),
                 "mutex#%d is owned by thread %d, which %s", o->serial, owner ? owner->id : 0,
                 owner && owner->state == SIM_T_EXITED ? "has exited" : "does not hold it");
    }
    if (o->type == SIM_OBJ_SEMAPHORE)
      sim_assert(o->signal >= 0 && o->signal <= o->u.semaphore.max, "semaphore#%d counts %ld of %ld",
                 o->serial, (long)o->signal, (long)o->u.semaphore.max);
    if (o->type == SIM_OBJ_PORT) verify_port(r, o);
  }
}

void sim__run_verify(const sim_run *r) {
  sim_assert(r == sim__current_run, "verifying a run that is not current");
  sim_assert(r->step <= r->opt.steps_max, "step %llu past the budget of %llu",
             (unsigned long long)r->step, (unsigned long long)r->opt.steps_max);
  verify_threads(r);
  verify_handles(r);
  sim_assert(r->n_unloaded >= 0, "%d modules unloaded", r->n_unloaded);
}

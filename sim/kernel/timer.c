/* Waitable timers on virtual time: when they come due (the entry points
 * CreateWaitableTimerA, SetWaitableTimer and CancelWaitableTimer are
 * api/timer.c).  A timer that comes due is signalled like an event
 * (manual-reset timers stay signalled, synchronisation timers release one
 * waiter).  When nothing is ready, virtual time jumps to the next timer
 * that somebody waits on: a periodic timer nobody waits on must not keep a
 * deadlocked run alive.  Such a timer is brought up to date when time
 * passes its due time anyway, or when a thread starts waiting.
 *
 * Left out: completion routines (APCs), absolute due times (a positive due
 * time is taken as relative too), and fResume.
 */
#include "kernel.h"

#include <string.h>


uint64_t sim__timers_next_due(void) {
  sim_run *r = sim__current_run;
  uint64_t due = SIM_NO_DEADLINE;
  for (int i = 0; i < r->n_timers; i++) {
    sim_object *t = r->timers[i];
    if (t->waiters.next != &t->waiters && t->u.timer.due_ms < due) due = t->u.timer.due_ms;
  }
  return due;
}

void sim__timers_fire(uint64_t now_ms) {
  sim_run *r = sim__current_run;
  /* Firing lazily touches every timer, whichever step does it. */
  if (r->n_timers) sim__fp_global();
  for (int i = 0; i < r->n_timers; i++) {
    sim_object *t = r->timers[i];
    if (t->u.timer.due_ms > now_ms) continue;
    /* A periodic timer that fell behind fires once and resumes its rhythm. */
    uint64_t period = t->u.timer.period_ms;
    if (period) {
      uint64_t missed = (now_ms - t->u.timer.due_ms) / period;
      t->u.timer.due_ms += (missed + 1) * period;
    } else {
      t->u.timer.due_ms = SIM_NO_DEADLINE;
    }
    t->signal = 1;
    sim__object_signal(t);
  }
}

/* Adds a new timer to the run's list of timers that time can fire. */
void sim__timer_register(sim_object *t) {
  sim_run *r = sim__current_run;
  sim__fp_global();
  if (r->n_timers == r->cap_timers) {
    int cap = r->cap_timers ? r->cap_timers * 2 : 8;
    sim_object **n = sim__arena_alloc(&r->arena, (size_t)cap * sizeof *n);
    if (r->n_timers) memcpy(n, r->timers, (size_t)r->n_timers * sizeof *n);
    r->timers = n;
    r->cap_timers = cap;
  }
  r->timers[r->n_timers++] = t;
}

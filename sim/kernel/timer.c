/* Waitable timers on virtual time: when they come due (the entry points
 * CreateWaitableTimerA, SetWaitableTimer and CancelWaitableTimer are
 * api/timer.c).  A timer that comes due is signalled like an event
 * (manual-reset timers stay signalled, synchronisation timers release one
 * waiter).  When nothing is ready, virtual time jumps to the next timer
 * that somebody waits on: a periodic timer nobody waits on must not keep a
 * deadlocked run alive.  Such a timer is brought up to date when time
 * passes its due time anyway, or when a thread starts waiting.
 *
 * The virtual system time (FILETIME, what GetSystemTimeAsFileTime reads and
 * an absolute due time counts in) starts at a fixed moment,
 * SIM_SYSTEM_TIME_START, and goes on with virtual time, so a run stays a
 * pure function of its schedule.
 *
 * A timer set with a completion routine also queues it, as an APC, to the
 * thread that set it, when it fires (at most one at a time: an expiry
 * while it is still queued adds nothing); that thread runs it in its next
 * alertable wait, and time also jumps to such a timer while that thread
 * waits alertably.  A timer whose thread has ended is cancelled.
 *
 * Left out: fResume.
 */
#include "kernel.h"

#include <string.h>


uint64_t sim__system_time_100ns(void) {
  return SIM_SYSTEM_TIME_START + sim__current_run->now_ms * 10000;
}

/* Whether the timer's completion routine would wake its thread: it sits
 * in an alertable wait. */
static bool routine_awaited(const sim_object *t) {
  const sim_thread *rt = t->u.timer.routine_thread;
  return t->u.timer.routine && rt && rt->state == SIM_T_BLOCKED && rt->alertable;
}

uint64_t sim__timers_next_due(void) {
  sim_run *r = sim__current_run;
  uint64_t due = SIM_NO_DEADLINE;
  for (int i = 0; i < r->n_timers; i++) {
    sim_object *t = r->timers[i];
    if ((t->waiters.next != &t->waiters || routine_awaited(t)) && t->u.timer.due_ms < due)
      due = t->u.timer.due_ms;
  }
  return due;
}

/* A timer with a completion routine queues it to the thread that set the
 * timer, with the time it fired. */
static void queue_routine(sim_object *t) {
  sim_run *r = sim__current_run;
  /* One APC object per timer, as in the Windows kernel: while it is still
   * queued, another expiry queues nothing. */
  for (const struct sim_apc *a = t->u.timer.routine_thread->apcs; a; a = a->next)
    if (a->timer == t) return;
  struct sim_apc *apc = sim__arena_alloc(&r->arena, sizeof *apc);
  uint64_t ft = sim__system_time_100ns();
  apc->timer_routine = t->u.timer.routine;
  apc->timer_arg = t->u.timer.routine_arg;
  apc->timer_low = (DWORD)(ft & 0xFFFFFFFFu);
  apc->timer_high = (DWORD)(ft >> 32);
  apc->timer = t;
  sim__apc_queue(t->u.timer.routine_thread, apc);
}

void sim__timers_fire(uint64_t now_ms) {
  sim_run *r = sim__current_run;
  /* Firing lazily touches every timer, whichever step does it. */
  if (r->n_timers) sim__fp_global();
  for (int i = 0; i < r->n_timers; i++) {
    sim_object *t = r->timers[i];
    if (t->u.timer.due_ms > now_ms) continue;
    if (t->u.timer.routine && t->u.timer.routine_thread->state == SIM_T_EXITED) {
      /* A timer with a completion routine is cancelled when the thread
       * that set it ends. */
      t->u.timer.due_ms = SIM_NO_DEADLINE;
      continue;
    }
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
    if (t->u.timer.routine) queue_routine(t);
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

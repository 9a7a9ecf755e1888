/* Replaying a recorded schedule: at each recorded step, pick the recorded
 * thread after checking that it is ready and at the recorded call; at every
 * other step, the default pick.  After the last recorded choice another
 * strategy may take over (replay a prefix, then explore).  A strict replay
 * that no longer fits the program ends the run with a "replay diverged"
 * verdict at the first step that does not fit (the verdict carries the
 * step; the message says it again only when it is another one). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"

typedef struct {
  sim_strategy base;
  sim_schedule sched;
  int next;
  bool lenient;
  sim_strategy *then;
  char *divergence;
} replay_strategy;

static void replay_begin(sim_strategy *s) {
  replay_strategy *r = (replay_strategy *)s;
  r->next = 0;
  free(r->divergence);
  r->divergence = NULL;
  if (r->then && r->then->ops->begin_run) r->then->ops->begin_run(r->then);
}

static __attribute__((noreturn)) void diverge(replay_strategy *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void diverge(replay_strategy *r, const char *fmt, ...) {
  struct strbuf b = {0};
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(&b, fmt, ap);
  va_end(ap);
  r->divergence = strbuf_take(&b);
  sim__finish(SIM_VERDICT_DIVERGED, sim__current_run->cur, "%s", r->divergence);
}

static int replay_pick(sim_strategy *s, const sim_decision *d) {
  replay_strategy *r = (replay_strategy *)s;
  /* A recorded choice whose step passed without a choice to make. */
  while (r->next < r->sched.n && r->sched.choices[r->next].step < d->step) {
    const sim_choice *c = &r->sched.choices[r->next];
    if (!r->lenient)
      diverge(r, "the schedule expects thread %d at %s at step %llu, but no other thread was "
              "ready then", c->tid, sim_api_name(c->api), (unsigned long long)c->step);
    r->next++;
  }
  if (r->next < r->sched.n && r->sched.choices[r->next].step == d->step) {
    const sim_choice *c = &r->sched.choices[r->next++];
    for (int i = 0; i < d->n_ready; i++) {
      sim_thread *t = d->ready[i];
      if (t->id != c->tid) continue;
      if (!r->lenient && (t->api != c->api || t->phase != c->phase))
        diverge(r, "the schedule expects thread %d at %s, but thread %d is at %s", c->tid,
                sim_api_name(c->api), t->id, sim_api_name(t->api));
      return i;
    }
    if (!r->lenient) {
      sim_thread *t = sim__thread_by_id(c->tid);
      if (!t)
        diverge(r, "the schedule expects thread %d at %s, but there is no thread %d", c->tid,
                sim_api_name(c->api), c->tid);
      diverge(r, "the schedule expects thread %d at %s, but thread %d is %s in %s", c->tid,
              sim_api_name(c->api), c->tid, t->state == SIM_T_EXITED ? "gone" : "not ready",
              sim_api_name(t->api));
    }
    return d->default_index;
  }
  if (r->next >= r->sched.n && r->then) return r->then->ops->pick(r->then, d);
  return d->default_index;
}

static bool replay_end(sim_strategy *s) {
  replay_strategy *r = (replay_strategy *)s;
  if (r->then && r->then->ops->end_run) return r->then->ops->end_run(r->then);
  return false;
}

static void replay_destroy(sim_strategy *s) {
  replay_strategy *r = (replay_strategy *)s;
  sim_schedule_free(&r->sched);
  if (r->then) sim_strategy_destroy(r->then);
  free(r->divergence);
  free(r);
}

static const sim_strategy_ops replay_ops = {
    .name = "replay", .begin_run = replay_begin, .pick = replay_pick, .end_run = replay_end, .destroy = replay_destroy};

sim_strategy *sim_strategy_replay(const sim_schedule *s, bool lenient, sim_strategy *then) {
  replay_strategy *r = calloc(1, sizeof *r);
  if (!r) return NULL;
  r->base.ops = &replay_ops;
  sim_schedule_copy(&r->sched, s);
  r->lenient = lenient;
  r->then = then;
  return &r->base;
}

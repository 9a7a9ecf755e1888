/* What a search keeps and when it stops, apart from how it walks the
 * schedules (explore.c): verdicts ranked by severity, the bug to report
 * (the most severe found, the first of equals), looking further when a run
 * was one wake-up away from a worse verdict, and stopping for a time limit
 * or Ctrl-C even in the middle of a long schedule.
 *
 * Why look further: on the motivating race most schedules end with the
 * workers parked in GetQueuedCompletionStatusEx when the process exits, so
 * the first bug found is a leak at unload; the access violation the lessons
 * are about needs the schedule where a worker wakes before the exit.  A
 * leak whose verdict carries `latent` (check the leak report in
 * loader/loader.c) says that schedule exists one wake-up away, so the
 * search goes on, within its budget, until it finds it.  First it tries
 * the direct way: the same schedule, except that the parked thread is
 * picked at one of the steps after the unload (strategies that change
 * early choices first, like DFS, would take long to get there); then the
 * search itself goes on.
 */
#include "explore.h"

#include <stdlib.h>
#include <time.h>

int sim_verdict_severity(sim_verdict_kind kind) {
  switch (kind) {
  case SIM_VERDICT_ACCESS_VIOLATION: return 10;
  case SIM_VERDICT_CRASH: return 9;
  case SIM_VERDICT_DEADLOCK: return 8;
  case SIM_VERDICT_HANG: return 7;
  case SIM_VERDICT_ASSERTION: return 6;
  case SIM_VERDICT_ABORT: return 5;
  case SIM_VERDICT_EXIT_CODE: return 4;
  case SIM_VERDICT_DLLMAIN_MISUSE: return 3;
  case SIM_VERDICT_LOCK_ORDER: return 2;
  case SIM_VERDICT_LEAK_AT_UNLOAD: return 1;
  default: return 0; /* ok, resource limit, replay diverged */
  }
}

bool sim__search_keep_bug(sim_explore_result *out, const sim_result *res) {
  if (sim_verdict_severity(res->verdict.latent) > sim_verdict_severity(out->latent))
    out->latent = res->verdict.latent;
  if (out->found && sim_verdict_severity(res->verdict.kind) <= sim_verdict_severity(out->kind))
    return false;
  if (out->found) sim_schedule_free(&out->bug);
  out->found = true;
  out->kind = res->verdict.kind;
  out->found_at = out->schedules;
  sim_schedule_copy(&out->bug, &res->schedule);
  out->bug_preemptions = res->preemptions;
  return true;
}

bool sim__search_looks_further(const sim_explore_options *o, const sim_explore_result *out) {
  if (!out->found || sim_verdict_severity(out->latent) <= sim_verdict_severity(out->kind)) return false;
  /* With no budget of its own (dfs), the search looks this much further. */
  uint64_t further = o->schedules_max ? o->schedules_max : SIM_EXPLORE_LOOK_FURTHER;
  return out->schedules - out->found_at < further;
}

bool sim__search_wake_parked(sim_program *p, const sim_options *run, const sim_result *res,
                             sim_explore_result *out) {
  if (out->wake_tries >= SIM_WAKE_RUNS_MAX) return false;
  if (sim_verdict_severity(res->verdict.latent) <= sim_verdict_severity(out->kind)) return false;
  out->wake_tries++;
  sim_schedule base;
  sim_schedule_copy(&base, &res->schedule);
  int tid = res->verdict.latent_tid;
  uint64_t from = res->verdict.latent_from_step, to = res->steps;
  sim_result tried;
  sim_result_init(&tried);
  bool found = false;
  for (uint64_t step = from + 1; step <= to && step <= from + SIM_WAKE_STEPS_MAX && !found; step++) {
    /* The recorded choices before `step`, then the parked thread; a
     * lenient replay lets the rest of the run take default picks. */
    sim_schedule s;
    sim_schedule_copy(&s, &base);
    int keep = 0;
    while (keep < s.n && s.choices[keep].step < step) keep++;
    s.n = keep;
    if (s.n == s.cap) {
      s.cap = s.cap ? s.cap * 2 : 4;
      s.choices = realloc(s.choices, (size_t)s.cap * sizeof s.choices[0]);
      sim_assert(s.choices, "out of memory for a schedule");
    }
    s.choices[s.n++] = (sim_choice){step, tid, 0, SIM_PHASE_CALL};
    s.has_end = false;
    sim_strategy *st = sim_strategy_replay(&s, true, NULL);
    sim_run_program(p, run, st, &tried);
    sim_strategy_destroy(st);
    sim_schedule_free(&s);
    if (tried.stopped) break;
    out->schedules++;
    out->verdicts[tried.verdict.kind]++;
    if (!sim_verdict_is_bug(tried.verdict.kind)) continue;
    out->buggy++;
    found = sim__search_keep_bug(out, &tried) &&
            sim_verdict_severity(out->kind) >= sim_verdict_severity(res->verdict.latent);
  }
  sim_result_free(&tried);
  sim_schedule_free(&base);
  return found;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void sim__search_clock_start(sim_search_clock *c, const sim_explore_options *o) {
  c->start = now_s();
  c->limit = o->time_limit_s;
  c->interrupt = o->interrupt;
  c->last_progress = c->start;
}

bool sim__search_should_stop(void *ctx) {
  sim_search_clock *c = ctx;
  if (c->interrupt && *c->interrupt) return true;
  return c->limit > 0 && now_s() - c->start > c->limit;
}

void sim__search_progress(const sim_explore_options *o, sim_search_clock *c, const sim_explore_result *out,
                          int bound) {
  if (!o->progress) return;
  double t = now_s();
  if (t - c->last_progress < 0.25) return;
  c->last_progress = t;
  sim_explore_progress p = {out, bound, t - c->start};
  o->progress(&p, o->progress_ctx);
}

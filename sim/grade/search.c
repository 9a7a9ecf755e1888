/* The grader's exploration: the same strategies as `loaderlab explore`,
 * with the checks grading adds to every run.
 *
 * A run fails a scenario when its verdict is a bug, and also when the
 * host's own checks fail (it returns or exits with a non-zero code) and
 * when the process ends without the host having finished (main did not
 * return and the host did not call exit or ExitProcess itself): a DLL
 * that calls exit(0) or _exit(0) from DllMain, or from a worker just
 * before a race would show, ends the host before its checks run.  The
 * host shim (host_shim.c) reports what the host did.
 *
 * A run's progress (the host or the DLL printing the scenario's progress
 * line) is noted; the scenario needs it in at least one run.
 *
 * DFS searches bounds 0, 1, ... K in turn, as explore does, so a failure
 * is found with the fewest preemptions.  The budget is a number of
 * schedules, never a time, so the result is the same on every machine;
 * the time limit only stops a search that would not end.
 */
#include "search.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "explore.h"
#include "grade_internal.h"
#include "host_state.h"
#include "kernel.h"

struct loaderlab_grade_host_state loaderlab_grade_host;

void loaderlab_grade_host_finishing(void) {
  size_t bytes = 0;
  sim__heap_live(NULL, &bytes);
  if (bytes > loaderlab_grade_host.heap_bytes) loaderlab_grade_host.heap_bytes = bytes;
}

grade_failure grade_classify_run(const sim_result *res, int *exit_code) {
  *exit_code = res->exit_code;
  if (sim_verdict_is_bug(res->verdict.kind)) return GRADE_FAILURE_VERDICT;
  if (!loaderlab_grade_host.main_returned && !loaderlab_grade_host.ended)
    return GRADE_FAILURE_HOST_UNFINISHED;
  if (loaderlab_grade_host.heap_bytes > GRADE_HEAP_BYTES_MAX) return GRADE_FAILURE_MEMORY;
  if (res->exit_code != 0) return GRADE_FAILURE_EXIT_CODE;
  return GRADE_FAILURE_NONE;
}

static void run_once(sim_program *p, const sim_options *run, sim_strategy *s, const char *progress,
                     sim_result *res, bool *more) {
  memset(&loaderlab_grade_host, 0, sizeof loaderlab_grade_host);
  loaderlab_grade_host.progress = progress;
  *more = sim_run_program(p, run, s, res);
}

static sim_strategy *make_strategy(const grade_search_options *o, int bound) {
  switch (o->strategy) {
  case SIM_STRATEGY_PCT: return sim_strategy_pct(o->seed, o->depth, 0);
  case SIM_STRATEGY_DFS: return sim_strategy_dfs(bound);
  default: return sim_strategy_random(o->seed);
  }
}

/* Whether a failing run is worse than the failure kept: any failure
 * beats none, and a verdict beats another only by being more severe. */
static bool worse_failure(const grade_search_result *r, grade_failure f, sim_verdict_kind kind) {
  if (!r->failure) return true;
  return f == GRADE_FAILURE_VERDICT && r->failure == GRADE_FAILURE_VERDICT &&
         sim_verdict_severity(kind) > sim_verdict_severity(r->kind);
}

static void keep_failure(grade_search_result *r, grade_failure f, int code, const sim_result *res) {
  r->failure = f;
  r->kind = res->verdict.kind;
  r->exit_code = code;
  r->found_at = r->schedules;
  r->preemptions = res->preemptions;
  sim_schedule_free(&r->schedule);
  sim_schedule_copy(&r->schedule, &res->schedule);
}

/* The explorer's way of waking a parked thread (explore/search_policy.c),
 * on the grader's result; its runs count as schedules of the search. */
static bool wake_parked(sim_program *p, const sim_options *run, const sim_result *res, grade_search_result *r) {
  sim_explore_result tried;
  memset(&tried, 0, sizeof tried);
  sim__search_keep_bug(&tried, res);
  memset(&loaderlab_grade_host, 0, sizeof loaderlab_grade_host);
  bool found = sim__search_wake_parked(p, run, res, &tried);
  r->schedules += tried.schedules;
  if (found) {
    r->kind = tried.kind;
    r->found_at = r->schedules;
    r->preemptions = tried.bug_preemptions;
    sim_schedule_free(&r->schedule);
    sim_schedule_copy(&r->schedule, &tried.bug);
  }
  sim_explore_result_free(&tried);
  return found;
}

void grade_search(sim_program *p, const grade_search_options *o, grade_search_result *r) {
  memset(r, 0, sizeof *r);
  /* How far to look past a failure that was one wake-up from a worse one. */
  uint64_t look_further = o->schedules ? o->schedules : SIM_EXPLORE_LOOK_FURTHER;
  double start = grade_now();
  sim_options run = o->run;
  run.trace = false;
  sim_result res;
  sim_result_init(&res);
  bool dfs = o->strategy == SIM_STRATEGY_DFS;
  bool stop = false;
  for (int bound = dfs ? 0 : o->bound; bound <= o->bound && !stop; bound++) {
    sim_strategy *s = make_strategy(o, bound);
    bool more = true;
    uint64_t in_bound = 0;
    while (more && !stop) {
      if (o->schedules && r->schedules >= o->schedules) {
        stop = true;
        break;
      }
      if (o->time_limit_s > 0 && grade_now() - start > o->time_limit_s) {
        r->timed_out = stop = true;
        break;
      }
      run_once(p, &run, s, o->progress, &res, &more);
      r->schedules++;
      in_bound++;
      /* The progress line may come from the DLL as well as from the host
       * (a driver that reports its own flush): the run's captured output
       * has both. */
      bool printed = o->progress && (strstr(strbuf_str(&res.out), o->progress) ||
                                     strstr(strbuf_str(&res.err), o->progress));
      if ((loaderlab_grade_host.progress_seen || printed) && !r->progress_seen) {
        r->progress_seen = true;
        r->progress_at = r->schedules;
      }
      int code;
      grade_failure f = grade_classify_run(&res, &code);
      if (f == GRADE_FAILURE_NONE || !worse_failure(r, f, res.verdict.kind)) {
        if (r->failure && r->schedules - r->found_at >= look_further) stop = true;
        continue;
      }
      keep_failure(r, f, code, &res);
      /* As explore does: a run that left a thread parked in an unloaded
       * DLL is one wake-up from a worse verdict, which the student should
       * see.  Wake the thread first, then go on looking a while. */
      if (f == GRADE_FAILURE_VERDICT && wake_parked(p, &run, &res, r)) stop = true;
      else if (f != GRADE_FAILURE_VERDICT ||
               sim_verdict_severity(res.verdict.latent) <= sim_verdict_severity(r->kind))
        stop = true;
    }
    if (dfs && !more && !r->failure && bound == o->bound) {
      r->exhausted = true;
      r->in_bound = in_bound;
    }
    sim_strategy_destroy(s);
  }
  memset(&loaderlab_grade_host, 0, sizeof loaderlab_grade_host);
  sim_result_free(&res);
}

void grade_search_result_free(grade_search_result *r) { sim_schedule_free(&r->schedule); }

/* ---- Shortening a failing schedule ---------------------------------------------------- */

/* Whether a finished run fails the same way as the one being shortened. */
static bool same_failure(const sim_result *res, grade_failure failure, sim_verdict_kind kind) {
  int code;
  grade_failure f = grade_classify_run(res, &code);
  return f == failure && (f != GRADE_FAILURE_VERDICT || res->verdict.kind == kind);
}

void grade_shorten(sim_program *p, const sim_options *run_in, grade_failure failure, sim_verdict_kind kind,
                   int preemptions, double deadline, sim_schedule *schedule) {
  sim_options run = *run_in;
  run.trace = false;
  sim_result res;
  sim_result_init(&res);
  /* Fewer preemptions first: a bounded DFS for the same failure, the
   * shortest run at the lowest bound that has one. */
  for (int bound = 0; bound < preemptions; bound++) {
    sim_strategy *s = sim_strategy_dfs(bound);
    bool more = true, found = false;
    uint64_t best = UINT64_MAX;
    for (int i = 0; i < GRADE_SHORTEN_RUNS_PER_BOUND && more && grade_now() < deadline; i++) {
      run_once(p, &run, s, NULL, &res, &more);
      if (res.preemptions > bound || res.steps >= best || !same_failure(&res, failure, kind)) continue;
      found = true;
      best = res.steps;
      sim_schedule_free(schedule);
      sim_schedule_copy(schedule, &res.schedule);
    }
    sim_strategy_destroy(s);
    if (found) break;
  }
  /* Then drop recorded choices one at a time while the failure stays. */
  int budget = GRADE_SHORTEN_DROPS_MAX;
  for (bool progress = true; progress && budget > 0;) {
    progress = false;
    for (int i = schedule->n - 1; i >= 0 && budget > 0 && grade_now() < deadline; i--, budget--) {
      sim_schedule candidate;
      sim_schedule_copy(&candidate, schedule);
      memmove(&candidate.choices[i], &candidate.choices[i + 1],
              (size_t)(candidate.n - i - 1) * sizeof candidate.choices[0]);
      candidate.n--;
      candidate.has_end = false;
      sim_strategy *s = sim_strategy_replay(&candidate, true, NULL);
      bool more;
      run_once(p, &run, s, NULL, &res, &more);
      sim_strategy_destroy(s);
      if (same_failure(&res, failure, kind) && res.schedule.n < schedule->n) {
        sim_schedule_free(schedule);
        sim_schedule_copy(schedule, &res.schedule);
        progress = true;
      }
      sim_schedule_free(&candidate);
      if (progress) break;
    }
  }
  memset(&loaderlab_grade_host, 0, sizeof loaderlab_grade_host);
  sim_result_free(&res);
}

/* ---- The short counterexample ---------------------------------------------------------- */

static bool loader_or_thread_event(const char *what) {
  static const char *const prefixes[] = {
      "DllMain(", "LoadLibrary", "FreeLibrary", "CreateThread", "ExitThread", "ExitProcess",
      "main returns", "exit(", "_exit(", "TerminateThread", "GetModuleHandleEx", "thread exits",
      "TerminateProcess",
  };
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
    if (strncmp(what, prefixes[i], strlen(prefixes[i])) == 0) return true;
  return false;
}

static void event_lines(struct strbuf *out, const sim_event *e) {
  char who[40];
  snprintf(who, sizeof who, "%s", e->who ? e->who : "");
  switch (e->kind) {
  case SIM_EV_OUTPUT: {
    const char *p = e->what;
    for (int lines = 0; *p; lines++) {
      const char *nl = strchr(p, '\n');
      size_t n = nl ? (size_t)(nl - p) : strlen(p);
      if (lines == 4) {
        strbuf_printf(out, "%5" PRIu64 "  %-20s | ...\n", e->step, who);
        break;
      }
      strbuf_printf(out, "%5" PRIu64 "  %-20s | %.*s%s%s\n", e->step, who, (int)(n > 160 ? 160 : n), p,
                    n > 160 ? "..." : "", strcmp(e->result, "stderr") == 0 ? "   (stderr)" : "");
      p += n + (nl ? 1 : 0);
    }
    break;
  }
  case SIM_EV_BLOCK: strbuf_printf(out, "%5" PRIu64 "  %-20s .. %s\n", e->step, who, e->what); break;
  case SIM_EV_NOTE: strbuf_printf(out, "%5" PRIu64 "  %-20s -- %s\n", e->step, who, e->what); break;
  case SIM_EV_WARNING:
    strbuf_printf(out, "%5" PRIu64 "  %-20s !! warning: %s\n", e->step, who, e->what);
    break;
  case SIM_EV_VERDICT: strbuf_printf(out, "%5" PRIu64 "  %-20s ** %s\n", e->step, who, e->what); break;
  default:
    strbuf_printf(out, "%5" PRIu64 "  %-20s %s%s%s\n", e->step, who, e->what, e->result ? " -> " : "",
                  e->result ? e->result : "");
  }
}

void grade_trace_short(const sim_result *res, struct strbuf *out) {
  int n = res->n_events;
  if (n == 0) return;
  bool *keep = calloc((size_t)n, sizeof *keep);
  if (!keep) abort();
  int choice = 0;
  for (int i = 0; i < n; i++) {
    const sim_event *e = &res->events[i];
    while (choice < res->schedule.n && res->schedule.choices[choice].step < e->step) choice++;
    bool switched = choice < res->schedule.n && res->schedule.choices[choice].step == e->step &&
                    (i == 0 || res->events[i - 1].step != e->step);
    keep[i] = e->kind != SIM_EV_CALL && e->kind != SIM_EV_RETURN;
    keep[i] = keep[i] || switched || loader_or_thread_event(e->what ? e->what : "") || i >= n - 12;
  }
  int kept = 0;
  for (int i = 0; i < n; i++) kept += keep[i];
  /* Too many still: the end of the run is where the failure is. */
  int from = 0;
  for (int dropped = 0; kept > GRADE_TRACE_LINES_MAX; from++)
    if (keep[from]) {
      keep[from] = false;
      kept--;
      dropped++;
    }
  /* Leaving out one or two events saves no line worth saving. */
  for (int i = 0; i < n;) {
    int j = i;
    while (j < n && !keep[j]) j++;
    if (j - i < 3 && i >= from)
      for (int k = i; k < j; k++) keep[k] = true;
    i = j == i ? i + 1 : j;
  }
  strbuf_puts(out, " step  thread               what\n");
  int skipped = 0;
  for (int i = 0; i < n; i++) {
    if (!keep[i]) {
      skipped++;
      continue;
    }
    if (skipped) strbuf_printf(out, "       ... %d more event%s\n", skipped, skipped == 1 ? "" : "s");
    skipped = 0;
    event_lines(out, &res->events[i]);
  }
  if (skipped) strbuf_printf(out, "       ... %d more event%s\n", skipped, skipped == 1 ? "" : "s");
  free(keep);
}

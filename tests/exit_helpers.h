/* Helpers shared by the process-exit and lock-order suites, on top of
 * harness.h: expectations about every schedule of a program, and about a
 * run's output with its trace shown when they fail.
 *
 * Header-only (static inline), so that each suite takes what it uses and
 * the harness, which another engineer owns, stays as it is. */
#ifndef TESTS_EXIT_HELPERS_H
#define TESTS_EXIT_HELPERS_H

#include <string.h>

#include "harness.h"

/* Explores every schedule of p with at most `bound` preemptions
 * (depth-first, counting every run instead of stopping at the first bug)
 * under run options o, or the defaults when o is NULL.  out must be freed
 * with sim_explore_result_free. */
static inline void exit_explore_all(sim_program *p, int bound, const sim_options *o,
                                    sim_explore_result *out) {
  sim_explore_options eo;
  sim_explore_options_default(&eo);
  eo.strategy = SIM_STRATEGY_DFS;
  eo.preemption_bound = bound;
  eo.all = true;
  /* Every run is counted, so there is no single bug to shorten. */
  eo.minimize = false;
  if (o) eo.run = *o;
  th_explore_with(p, &eo, out);
}

/* A rule that must hold in every schedule and ends every run in the same
 * verdict (a deadlock, say): explores every schedule with at most `bound`
 * preemptions and expects each to end in `kind`.  More than one schedule
 * must exist, or the search would prove nothing about interleavings. */
static inline void exit_expect_every_schedule_ends_in(sim_program *p, int bound,
                                                      sim_verdict_kind kind) {
  sim_explore_result e;
  exit_explore_all(p, bound, NULL, &e);
  char counts[512];
  size_t len = 0;
  counts[0] = '\0';
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    if (e.verdicts[k] && len < sizeof counts)
      len += (size_t)snprintf(counts + len, sizeof counts - len, " %s: %llu;",
                              sim_verdict_name((sim_verdict_kind)k),
                              (unsigned long long)e.verdicts[k]);
  cr_expect_gt(e.schedules, 1, "the search ran %llu schedule(s)", (unsigned long long)e.schedules);
  cr_expect_eq(e.verdicts[kind], e.schedules,
               "every schedule with at most %d preemptions should end in %s; of %llu:%s", bound,
               sim_verdict_name(kind), (unsigned long long)e.schedules, counts);
  cr_expect(!e.timed_out, "the search must not be cut short");
  sim_explore_result_free(&e);
}

/* The program's stdout is exactly `expected`; on failure the trace shows
 * why. */
#define exit_expect_stdout(r, expected)                                                    \
  cr_expect_str_eq(th_stdout(r), (expected), "stdout differs; the run was:\n%s", th_trace(r))

/* The text (stdout, details, resources...) contains `needle`. */
#define exit_expect_has(text, needle)                                                      \
  cr_expect(strstr((text), (needle)) != NULL, "expected to find \"%s\" in:\n%s", (needle), (text))

#endif

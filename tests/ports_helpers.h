/* Helpers shared by the completion-port and pipe suites: run a test
 * program in the default schedule and compare what it printed, and check
 * that a rule holds in every schedule within a preemption bound.
 *
 * The test programs state their rules with assert(), so a schedule that
 * breaks a rule ends in an assertion-failure verdict, which exploration
 * finds and these helpers show with the trace of its replay. */
#ifndef TESTS_PORTS_HELPERS_H
#define TESTS_PORTS_HELPERS_H

#include <stdlib.h>

#include "harness.h"

/* Runs p once in the default schedule and expects it to end well having
 * printed exactly `expected`. */
static inline void ph_expect_output(sim_program *p, const char *expected) {
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), expected, "the program printed something else; its trace:\n%s",
                   th_trace(&r));
  sim_result_free(&r);
}

/* Exhausts every schedule of p with at most `bound` preemptions and
 * expects none of them to end in a bug, showing the first counterexample
 * with its trace.  It also expects at least `schedules_min` schedules: a
 * search that found nothing to interleave would check nothing beyond the
 * default run. */
static inline void ph_expect_every_schedule_ok(sim_program *p, int bound,
                                               uint64_t schedules_min) {
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, bound, 0, &e);
  if (e.found) {
    char *schedule = sim_schedule_encode(&e.bug);
    sim_result r;
    th_replay(p, schedule, &r);
    cr_expect(false, "schedule %s (at most %d preemptions) ends in %s:\n%s", schedule, bound,
              sim_verdict_name(e.kind), th_trace(&r));
    sim_result_free(&r);
    free(schedule);
  }
  cr_expect(e.exhausted, "the search within %d preemptions should be exhausted", bound);
  cr_expect_geq(e.schedules, schedules_min,
                "only %llu schedules within %d preemptions: the program interleaves too little "
                "for the search to check anything",
                (unsigned long long)e.schedules, bound);
  sim_explore_result_free(&e);
}

#endif

/* The built-in sample (sample/driver-unload, what `make demo` explores):
 * its buggy driver is found by exploration with an access violation within
 * 100 random schedules, the schedule it prints replays to the same
 * verdict, and its pinned driver_fixed.c passes an exhaustive search with
 * at most 2 preemptions.  And one check of exercise 03 that
 * tests/test_exercises.c, which checks every exercise's manifest,
 * solution and wrong fixes, does not make: with the lock-order detector
 * off, its lock order inversion is a real deadlock. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Builds the sample, with its driver replaced by `driver` (a file of the
 * sample's folder) unless it is NULL. */
static sim_program *sample(const char *driver) {
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_assert(sim_scenario_load("sample/driver-unload", &spec, &err), "%s", strbuf_str(&err));
  if (driver) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", spec.dir, driver);
    cr_assert(sim_spec_replace_student(&spec, path, &err), "%s", strbuf_str(&err));
  }
  sim_program *p = sim_program_build(&spec, &err);
  cr_assert(p, "cannot build the sample: %s", strbuf_str(&err));
  sim_spec_free(&spec);
  strbuf_free(&err);
  return p;
}

Test(scenarios, sample_background_shutdown_is_an_access_violation) {
  sim_program *p = sample(NULL);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_RANDOM, 0, 100, &e);
  cr_expect(e.found, "no bug found in 100 schedules");
  if (e.found) {
    cr_expect_eq(e.kind, SIM_VERDICT_ACCESS_VIOLATION, "found %s", sim_verdict_name(e.kind));
    /* The schedule it prints replays to the same verdict. */
    char *enc = sim_schedule_encode(&e.bug);
    sim_result r;
    th_replay(p, enc, &r);
    cr_expect_eq(r.verdict.kind, e.kind, "the replay of %s ended in %s", enc,
                 sim_verdict_name(r.verdict.kind));
    sim_result_free(&r);
    free(enc);
  }
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(scenarios, sample_pinned_driver_passes_every_schedule) {
  sim_program *q = sample("driver_fixed.c");
  th_expect_every_schedule_ok(q, 2, 2, NULL);
  sim_program_free(q);
}

Test(scenarios, lock_order_scenario_also_deadlocks_for_real) {
  /* With the lock-order detector off, exploration finds the schedule in
   * which the two threads actually deadlock. */
  sim_program *p = th_scenario("../exercises/03-lock-order/scenarios/thread-starts-during-query");
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.preemption_bound = 2;
  o.run.lock_order = false;
  sim_explore_result e;
  struct strbuf err = {0};
  cr_assert(sim_explore(p, &o, &e, &err), "%s", strbuf_str(&err));
  cr_expect(e.found && e.kind == SIM_VERDICT_DEADLOCK, "found %s", sim_verdict_name(e.kind));
  cr_expect_eq(e.bug_preemptions, 1, "one preemption is enough");
  sim_explore_result_free(&e);
  strbuf_free(&err);
  sim_program_free(p);
}

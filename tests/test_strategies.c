/* Specification of the search strategies: random, PCT and DFS each find a
 * known shallow bug and the schedule they report replays to it; a seed
 * reproduces a search; DFS exhausts a correct program's bounded space and
 * says so as a certificate, and reports a bug with the fewest preemptions
 * any buggy schedule needs. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Explores interlocked_racy.c, whose lost update needs one preemption, and
 * checks that the reported schedule replays to the reported verdict. */
static void expect_finds_lost_update(sim_strategy_kind kind, int bound_or_depth, uint64_t schedules) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_explore_result e;
  th_explore(p, kind, bound_or_depth, schedules, &e);
  cr_assert(e.found, "no bug found in %llu schedules", (unsigned long long)e.schedules);
  cr_expect_eq(e.kind, SIM_VERDICT_ASSERTION, "verdict %s", sim_verdict_name(e.kind));
  cr_expect_geq(e.found_at, 1);
  cr_expect_leq(e.found_at, e.schedules);
  sim_result r;
  th_replay_found(p, &e, &r);
  th_expect_verdict(&r, SIM_VERDICT_ASSERTION);
  cr_expect_str_eq(th_stdout(&r), "counter 1\n");
  sim_result_free(&r);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(strategies, random_finds_a_shallow_bug) { expect_finds_lost_update(SIM_STRATEGY_RANDOM, 0, 2000); }

Test(strategies, pct_finds_a_shallow_bug) { expect_finds_lost_update(SIM_STRATEGY_PCT, 2, 2000); }

Test(strategies, dfs_finds_a_shallow_bug) { expect_finds_lost_update(SIM_STRATEGY_DFS, 2, 0); }

/* Two searches with the same options report the same bug, found by the
 * same run. */
static void expect_reproducible(sim_strategy_kind kind, int depth) {
  sim_program *p = th_build("replay_racy.c", NULL);
  sim_explore_result a, b;
  th_explore(p, kind, depth, 2000, &a);
  th_explore(p, kind, depth, 2000, &b);
  cr_assert(a.found && b.found);
  cr_expect_eq(a.found_at, b.found_at);
  char *sa = sim_schedule_encode(&a.bug), *sb = sim_schedule_encode(&b.bug);
  cr_expect_str_eq(sa, sb);
  free(sa);
  free(sb);
  sim_explore_result_free(&a);
  sim_explore_result_free(&b);
  sim_program_free(p);
}

Test(strategies, random_search_is_reproducible_from_its_seed) { expect_reproducible(SIM_STRATEGY_RANDOM, 3); }

Test(strategies, pct_search_is_reproducible_from_its_seed) { expect_reproducible(SIM_STRATEGY_PCT, 3); }

Test(strategies, dfs_exhausts_a_correct_program_and_reports_a_certificate) {
  sim_program *p = th_build("interlocked_atomic.c", NULL);
  uint64_t in_bound[3];
  for (int bound = 0; bound <= 2; bound++) {
    sim_explore_result e;
    th_explore(p, SIM_STRATEGY_DFS, bound, 0, &e);
    cr_expect(!e.found, "bound %d: %s", bound, sim_verdict_name(e.kind));
    cr_expect(e.exhausted, "bound %d: the search space is exhausted", bound);
    cr_expect_eq(e.bound, bound);
    in_bound[bound] = e.schedules_in_bound;
    /* The search tries bounds 0, 1, ... in turn, so it ran at least the
     * schedules of the last bound. */
    cr_expect_geq(e.schedules, e.schedules_in_bound);
    cr_expect_eq(e.verdicts[SIM_VERDICT_OK], e.schedules);
    sim_explore_result_free(&e);
  }
  /* More preemptions allowed, more schedules. */
  cr_expect_gt(in_bound[0], 1);
  cr_expect_gt(in_bound[1], in_bound[0]);
  cr_expect_gt(in_bound[2], in_bound[1]);
  sim_program_free(p);
}

Test(strategies, dfs_reports_the_fewest_preemptions) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 0, 0, &e);
  cr_expect(!e.found, "without preemptions every worker runs alone: no lost update");
  cr_expect(e.exhausted && e.bound == 0);
  sim_explore_result_free(&e);

  th_explore(p, SIM_STRATEGY_DFS, 1, 0, &e);
  cr_expect(e.found, "one preemption suffices");
  cr_expect_eq(e.bug_preemptions, 1);
  sim_explore_result_free(&e);

  /* With room for more, the search still reports a one-preemption bug. */
  th_explore(p, SIM_STRATEGY_DFS, 3, 0, &e);
  cr_assert(e.found);
  cr_expect_eq(e.bug_preemptions, 1);
  sim_result r;
  th_replay_found(p, &e, &r);
  th_expect_verdict(&r, SIM_VERDICT_ASSERTION);
  cr_expect_eq(r.preemptions, 1, "the replayed schedule has %d preemptions", r.preemptions);
  sim_result_free(&r);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(strategies, explore_all_counts_every_buggy_schedule) {
  sim_program *p = th_build("replay_racy.c", NULL);
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_RANDOM;
  o.schedules_max = 300;
  o.all = true;
  sim_explore_result e;
  th_explore_with(p, &o, &e);
  cr_expect_eq(e.schedules, 300, "--all runs the whole budget");
  cr_expect(e.found);
  cr_expect_gt(e.buggy, 1);
  cr_expect_lt(e.buggy, e.schedules);
  uint64_t total = 0;
  for (int k = 0; k < SIM_VERDICT_COUNT; k++) total += e.verdicts[k];
  cr_expect_eq(total, e.schedules);
  cr_expect_eq(e.buggy, e.schedules - e.verdicts[SIM_VERDICT_OK]);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(strategies, random_search_in_worker_processes_finds_the_bug) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_RANDOM;
  o.schedules_max = 2000;
  o.jobs = 2;
  sim_explore_result e;
  th_explore_with(p, &o, &e);
  cr_assert(e.found);
  cr_expect_eq(e.kind, SIM_VERDICT_ASSERTION);
  sim_result r;
  th_replay_found(p, &e, &r);
  th_expect_verdict(&r, SIM_VERDICT_ASSERTION);
  sim_result_free(&r);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(strategies, random_and_pct_report_a_schedule_with_the_fewest_preemptions) {
  /* Whatever schedule a random or PCT search stumbles on first, the one it
   * reports is as short as the bug allows: one preemption here. */
  sim_program *p = th_build("interlocked_racy.c", NULL);
  for (int k = 0; k < 2; k++) {
    for (uint64_t seed = 1; seed <= 5; seed++) {
      sim_explore_options o;
      sim_explore_options_default(&o);
      o.strategy = k ? SIM_STRATEGY_PCT : SIM_STRATEGY_RANDOM;
      o.seed = seed;
      o.schedules_max = 2000;
      sim_explore_result e;
      th_explore_with(p, &o, &e);
      cr_assert(e.found);
      cr_expect_eq(e.bug_preemptions, 1, "%s seed %llu reports %d preemptions", k ? "pct" : "random",
                   (unsigned long long)seed, e.bug_preemptions);
      sim_result r;
      th_replay_found(p, &e, &r);
      th_expect_verdict(&r, SIM_VERDICT_ASSERTION);
      cr_expect_eq(r.preemptions, 1);
      sim_result_free(&r);
      sim_explore_result_free(&e);
    }
  }
  sim_program_free(p);
}

/* Specification of the search strategies: random, PCT and DFS each find a
 * known shallow bug and the schedule they report replays to it; a seed
 * reproduces a search; DFS exhausts a correct program's bounded space and
 * says so as a certificate, and reports a bug with the fewest preemptions
 * any buggy schedule needs. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* The strategy a search with default options makes for one bound (DFS) or
 * for the whole search (random, PCT), built here rather than by the
 * explorer, so that the tests below can count its runs themselves. */
static sim_strategy *strategy_of(sim_strategy_kind kind, int bound_or_depth) {
  sim_explore_options o;
  sim_explore_options_default(&o);
  switch (kind) {
  case SIM_STRATEGY_DFS: return sim_strategy_dfs(bound_or_depth);
  case SIM_STRATEGY_PCT: return sim_strategy_pct(o.seed, bound_or_depth, 0);
  default: return sim_strategy_random(o.seed);
  }
}

/* Runs the schedules a search would run, in its order (DFS: bound 0, then
 * 1, ... up to `bound_or_depth`), and returns the number of the first
 * buggy run (from 1), or 0 if none within `schedules_max` runs (0: no
 * limit).  The explorer's own count must agree with it. */
static uint64_t first_buggy_run(sim_program *p, sim_strategy_kind kind, int bound_or_depth,
                                uint64_t schedules_max) {
  sim_options run;
  sim_options_default(&run);
  sim_result r;
  sim_result_init(&r);
  uint64_t runs = 0, found = 0;
  int last_bound = kind == SIM_STRATEGY_DFS ? bound_or_depth : 0;
  for (int bound = 0; bound <= last_bound && !found; bound++) {
    sim_strategy *s = strategy_of(kind, kind == SIM_STRATEGY_DFS ? bound : bound_or_depth);
    for (bool more = true; more && !found && (!schedules_max || runs < schedules_max);) {
      more = sim_run_program(p, &run, s, &r);
      runs++;
      if (sim_verdict_is_bug(r.verdict.kind)) found = runs;
    }
    sim_strategy_destroy(s);
  }
  sim_result_free(&r);
  return found;
}

/* Explores interlocked_racy.c, whose lost update needs one preemption, and
 * checks that the search stopped at the run where the bug first shows and
 * that the reported schedule replays to the reported verdict. */
static void expect_finds_lost_update(sim_strategy_kind kind, int bound_or_depth, uint64_t schedules) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_explore_result e;
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = kind;
  if (kind == SIM_STRATEGY_DFS) o.preemption_bound = bound_or_depth;
  if (kind == SIM_STRATEGY_PCT) o.depth = bound_or_depth;
  o.schedules_max = schedules;
  o.state_cache = false; /* run by run as first_buggy_run counts them */
  th_explore_with(p, &o, &e);
  cr_assert(e.found, "no bug found in %llu schedules", (unsigned long long)e.schedules);
  cr_expect_eq(e.kind, SIM_VERDICT_ASSERTION, "verdict %s", sim_verdict_name(e.kind));
  uint64_t first = first_buggy_run(p, kind, bound_or_depth, schedules);
  cr_expect_eq(e.found_at, first, "found at run %llu; run one by one, the bug first shows at run %llu",
               (unsigned long long)e.found_at, (unsigned long long)first);
  cr_expect_eq(e.schedules, e.found_at, "the search stops at the bug it reports");
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

/* How many schedules DFS runs for one bound, counted here run by run. */
static uint64_t dfs_schedules(sim_program *p, int bound) {
  sim_options run;
  sim_options_default(&run);
  sim_result r;
  sim_result_init(&r);
  sim_strategy *s = sim_strategy_dfs(bound);
  uint64_t runs = 0;
  for (bool more = true; more;) {
    more = sim_run_program(p, &run, s, &r);
    runs++;
  }
  sim_strategy_destroy(s);
  sim_result_free(&r);
  return runs;
}

Test(strategies, dfs_exhausts_a_correct_program_and_reports_a_certificate) {
  sim_program *p = th_build("interlocked_atomic.c", NULL);
  uint64_t in_bound[3];
  uint64_t all_bounds = 0;
  for (int bound = 0; bound <= 2; bound++) {
    /* The full search: its figures count schedules (the reduced one's,
     * classes of executions, are checked after it). */
    sim_explore_options o;
    sim_explore_options_default(&o);
    o.state_cache = false;
  o.state_cache = false; /* every schedule: what this file counts */
    o.strategy = SIM_STRATEGY_DFS;
    o.preemption_bound = bound;
    o.reduce = false;
    sim_explore_result e;
    th_explore_with(p, &o, &e);
    cr_expect(!e.found, "bound %d: %s", bound, sim_verdict_name(e.kind));
    cr_expect(e.exhausted, "bound %d: the search space is exhausted", bound);
    cr_expect_eq(e.bound, bound);
    /* The certificate's figures are the schedules there are, counted here
     * one by one: this bound's, and in all, those of bounds 0, 1, ... up
     * to it, which the search tries in turn. */
    in_bound[bound] = dfs_schedules(p, bound);
    all_bounds += in_bound[bound];
    cr_expect_eq(e.schedules_in_bound, in_bound[bound], "bound %d: certificate says %llu, counted %llu",
                 bound, (unsigned long long)e.schedules_in_bound, (unsigned long long)in_bound[bound]);
    cr_expect_eq(e.schedules, all_bounds, "bound %d: ran %llu, counted %llu", bound,
                 (unsigned long long)e.schedules, (unsigned long long)all_bounds);
    cr_expect_eq(e.verdicts[SIM_VERDICT_OK], e.schedules);
    sim_explore_result_free(&e);
    /* The reduced search (the default) certifies the same bound with no
     * more schedules than there are. */
    o.reduce = true;
    th_explore_with(p, &o, &e);
    cr_expect(!e.found && e.exhausted && e.reduced && e.bound == bound, "bound %d, reduced", bound);
    cr_expect_leq(e.schedules_in_bound, in_bound[bound]);
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

/* A preemption is picking another thread while the one that ran last
 * could go on.  After a jump of virtual time every thread the jump woke
 * was blocked, the one that ran last too, so which of them goes first is
 * free: without the rule, main going first would cost a preemption. */
Test(strategies, threads_woken_by_a_jump_of_time_go_first_without_a_preemption) {
  sim_program *p = th_build("time_jump_wake_order.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "the worker woke first\n", "by default the thread that ran last goes on");
  sim_result_free(&r);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 0, 0, &e);
  cr_assert(e.found, "with no preemptions main may still wake first");
  cr_expect_eq(e.bug_preemptions, 0);
  th_replay_found(p, &e, &r);
  th_expect_verdict(&r, SIM_VERDICT_ASSERTION);
  cr_expect_eq(r.preemptions, 0, "the replayed schedule has %d preemptions", r.preemptions);
  cr_expect_str_eq(th_stdout(&r), "main woke first\n");
  sim_result_free(&r);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(strategies, explore_all_counts_every_buggy_schedule) {
  sim_program *p = th_build("replay_racy.c", NULL);
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.state_cache = false; /* every schedule: what this file counts */
  o.strategy = SIM_STRATEGY_RANDOM;
  o.schedules_max = 300;
  o.all = true;
  sim_explore_result e;
  th_explore_with(p, &o, &e);
  cr_expect_eq(e.schedules, 300, "--all runs the whole budget");
  cr_expect(e.found);
  /* The same 300 schedules, run one by one and counted here: the search's
   * counts must be exactly these. */
  uint64_t counted[SIM_VERDICT_COUNT] = {0}, buggy = 0, first_bug = 0;
  sim_options run = o.run;
  sim_result r;
  sim_result_init(&r);
  sim_strategy *s = sim_strategy_random(o.seed);
  for (uint64_t i = 1; i <= 300; i++) {
    sim_run_program(p, &run, s, &r);
    counted[r.verdict.kind]++;
    if (!sim_verdict_is_bug(r.verdict.kind)) continue;
    buggy++;
    if (!first_bug) first_bug = i;
  }
  sim_strategy_destroy(s);
  sim_result_free(&r);
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    cr_expect_eq(e.verdicts[k], counted[k], "%s: the search counted %llu, run one by one %llu",
                 sim_verdict_name((sim_verdict_kind)k), (unsigned long long)e.verdicts[k],
                 (unsigned long long)counted[k]);
  cr_expect_eq(e.buggy, buggy, "buggy: the search counted %llu, run one by one %llu",
               (unsigned long long)e.buggy, (unsigned long long)buggy);
  cr_expect_eq(e.found_at, first_bug);
  /* Both kinds of run occur, so the counts say something. */
  cr_expect(buggy > 1 && buggy < 300, "%llu buggy schedules of 300", (unsigned long long)buggy);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(strategies, random_search_in_worker_processes_finds_the_bug) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.state_cache = false; /* every schedule: what this file counts */
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
      o.state_cache = false;
    o.state_cache = false;
  o.state_cache = false; /* every schedule: what this file counts */
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

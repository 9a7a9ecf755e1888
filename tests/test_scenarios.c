/* The eight bug scenarios of the design (tests/scenarios/bug-*): each buggy
 * DLL is found by exploration with the verdict and within the budget its
 * scenario.txt states ("expect VERDICT within N"), and each fixed DLL
 * ("fixed FILE bound K") passes an exhaustive DFS with at most K
 * preemptions. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct expectation {
  char verdict[64];
  unsigned long within;
  char strategy[16];              /* random (default) or dfs */
  char fixed[256];
  int bound;
} expectation;

static expectation read_expectation(const char *dir) {
  expectation e;
  memset(&e, 0, sizeof e);
  char path[4096], line[512];
  snprintf(path, sizeof path, "%s/%s/scenario.txt", TESTS_DIR, dir);
  FILE *f = fopen(path, "r");
  cr_assert(f, "cannot read %s", path);
  while (fgets(line, sizeof line, f)) {
    sscanf(line, "expect %63s within %lu %15s", e.verdict, &e.within, e.strategy);
    sscanf(line, "fixed %255s bound %d", e.fixed, &e.bound);
  }
  fclose(f);
  cr_assert(e.verdict[0] && e.within && e.fixed[0], "%s must say what to expect", path);
  return e;
}

static void check_scenario(const char *dir) {
  expectation want = read_expectation(dir);

  /* The bug: exploration finds it within the budget (random unless the
   * scenario says dfs: a lock-order inversion is reported in the first
   * schedule, while random often runs into the real deadlock first)... */
  sim_program *p = th_scenario(dir);
  sim_explore_result e;
  bool dfs = strcmp(want.strategy, "dfs") == 0;
  th_explore(p, dfs ? SIM_STRATEGY_DFS : SIM_STRATEGY_RANDOM, dfs ? want.bound : 0, want.within, &e);
  cr_expect(e.found, "%s: no bug found in %lu schedules", dir, want.within);
  if (e.found)
    cr_expect_str_eq(sim_verdict_id(e.kind), want.verdict, "%s: found %s", dir, sim_verdict_name(e.kind));
  /* ...and the schedule it prints replays to the same verdict. */
  if (e.found) {
    char *enc = sim_schedule_encode(&e.bug);
    sim_result r;
    th_replay(p, enc, &r);
    cr_expect_eq(r.verdict.kind, e.kind, "%s: the replay of %s ended in %s", dir, enc,
                 sim_verdict_name(r.verdict.kind));
    sim_result_free(&r);
    free(enc);
  }
  sim_explore_result_free(&e);
  sim_program_free(p);

  /* The fix: no bug in any schedule within the bound. */
  sim_program *q = th_scenario_with(dir, want.fixed);
  th_explore(q, SIM_STRATEGY_DFS, want.bound, 0, &e);
  cr_expect(!e.found, "%s: the fixed DLL fails: %s", dir, sim_verdict_name(e.kind));
  cr_expect(e.exhausted, "%s: the search within %d preemptions did not finish", dir, want.bound);
  sim_explore_result_free(&e);
  sim_program_free(q);
}

Test(scenarios, background_shutdown_is_an_access_violation) { check_scenario("scenarios/bug-background-shutdown"); }
Test(scenarios, waiting_for_workers_in_detach_deadlocks) { check_scenario("scenarios/bug-detach-waits"); }
Test(scenarios, freelibrary_then_return_is_an_access_violation) { check_scenario("scenarios/bug-freelibrary-return"); }
Test(scenarios, batch_dequeue_steals_a_shutdown_packet) { check_scenario("scenarios/bug-batch-steals-shutdown"); }
Test(scenarios, detach_at_exit_waiting_for_a_killed_worker_deadlocks) { check_scenario("scenarios/bug-exit-waits-for-killed"); }
Test(scenarios, detach_at_exit_entering_a_lock_a_killed_worker_held_ends_the_process) { check_scenario("scenarios/bug-exit-lock-held"); }
Test(scenarios, creating_and_waiting_in_dllmain_deadlocks) { check_scenario("scenarios/bug-create-wait-in-dllmain"); }
Test(scenarios, driver_lock_and_loader_lock_in_opposite_orders) { check_scenario("scenarios/bug-lock-order-loader"); }

Test(scenarios, lock_order_scenario_also_deadlocks_for_real) {
  /* With the lock-order detector off, exploration finds the schedule in
   * which the two threads actually deadlock. */
  sim_program *p = th_scenario("scenarios/bug-lock-order-loader");
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

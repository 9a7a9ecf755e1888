/* Specification of lock-order inversion detection: every time a thread
 * takes a lock while holding others, "held before taken" is an edge of the
 * run's lock-order graph, and an edge that closes a cycle is reported as a
 * potential deadlock, with both acquisition sites, even in a schedule that
 * did not deadlock.  Critical sections, mutexes, SRW locks and the loader
 * lock all take part; re-entering a lock one already holds, or trying one
 * without waiting, orders nothing.
 *
 * The inversions here never overlap in the default schedule, so a report
 * there comes from the order alone; with the detector off, an exhaustive
 * search finds the interleaving that really deadlocks. */
#include <string.h>

#include "exit_helpers.h"
#include "harness.h"

/* Depth-first search within `bound` preemptions with the lock-order
 * detector off, so that only a real deadlock can end a run as a bug. */
static void explore_without_lock_order(sim_program *p, int bound, sim_explore_result *e) {
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.preemption_bound = bound;
  o.run.lock_order = false;
  th_explore_with(p, &o, e);
}

/* Replays what an exploration without the detector found, also without it. */
static void replay_without_lock_order(sim_program *p, const sim_explore_result *e, sim_result *r) {
  cr_assert(e->found, "the exploration found nothing to replay");
  sim_options o;
  sim_options_default(&o);
  o.lock_order = false;
  sim_result_init(r);
  sim_replay(p, &o, &e->bug, r);
}

Test(lock_order, lock_order_inversion_reported_without_deadlock) {
  sim_program *p = th_build("lockorder_inversion.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_LOCK_ORDER);
  exit_expect_has(th_message(&r), "g_b (host.exe) and g_a (host.exe) are taken in opposite orders");
  /* Both acquisition sites of both orders are named. */
  exit_expect_has(th_details(&r), "thread 3 takes g_a (host.exe) (at take_b_then_a+");
  exit_expect_has(th_details(&r), "while holding g_b (host.exe) (taken at take_b_then_a+");
  exit_expect_has(th_details(&r), "thread 2 took g_b (host.exe) (at take_a_then_b+");
  exit_expect_has(th_details(&r), "while holding g_a (host.exe) (taken at take_a_then_b+");
  sim_result_free(&r);

  /* The same schedule without the detector runs to the end: the report
   * came from the order, not from a deadlock. */
  sim_options o;
  sim_options_default(&o);
  o.lock_order = false;
  th_run_with(p, &o, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  exit_expect_stdout(&r, "both threads done\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(lock_order, explore_dfs_finds_the_real_deadlock_when_the_schedule_interleaves) {
  sim_program *p = th_build("lockorder_inversion.c", NULL);
  /* With the detector on, the very first schedule (no preemption) already
   * reports the inversion. */
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 2, 0, &e);
  cr_expect(e.found);
  cr_expect_eq(e.kind, SIM_VERDICT_LOCK_ORDER, "got %s", sim_verdict_name(e.kind));
  cr_expect_eq(e.found_at, 1);
  cr_expect_eq(e.bug_preemptions, 0);
  sim_explore_result_free(&e);

  /* Without it, the search needs a preemption between the two threads'
   * acquisitions, and finds the deadlock the inversion predicted. */
  explore_without_lock_order(p, 2, &e);
  cr_assert(e.found, "some interleaving deadlocks");
  cr_expect_eq(e.kind, SIM_VERDICT_DEADLOCK, "got %s", sim_verdict_name(e.kind));
  cr_expect_geq(e.bug_preemptions, 1);
  sim_result r;
  replay_without_lock_order(p, &e, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  exit_expect_has(th_message(&r), "2 threads wait for each other in a cycle");
  exit_expect_has(th_details(&r), "holds g_a (host.exe) and waits for g_b (host.exe) (held by thread 3)");
  exit_expect_has(th_details(&r), "holds g_b (host.exe) and waits for g_a (host.exe) (held by thread 2)");
  sim_result_free(&r);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(lock_order, consistent_lock_order_is_not_reported) {
  sim_program *p = th_build("lockorder_consistent.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  exit_expect_stdout(&r, "both threads done\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(lock_order, loader_lock_participates_in_lock_order) {
  /* registry.dll takes g_lock under the loader lock (DLL_PROCESS_ATTACH);
   * its lookups hold g_lock while calling into the loader. */
  static const struct {
    const char *host;
    const char *lookup;
  } cases[] = {
      {"lockorder_loader_get_module_handle.c", "lookup_with_get_module_handle+"},
      {"lockorder_loader_load_library.c", "lookup_with_load_library+"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    sim_program *p = th_build(cases[i].host, "registry.dll=lockorder_loader_dll.c", NULL);
    sim_result r;
    th_run(p, &r);
    th_expect_verdict(&r, SIM_VERDICT_LOCK_ORDER);
    exit_expect_has(th_message(&r), "g_lock (registry.dll) and loader lock are taken in opposite orders");
    char site[160];
    snprintf(site, sizeof site, "thread 2 takes loader lock (at %s", cases[i].lookup);
    exit_expect_has(th_details(&r), site);
    exit_expect_has(th_details(&r),
                    "thread 1 (main) took g_lock (registry.dll) (at DllMain+");
    exit_expect_has(th_details(&r), "while holding loader lock (taken at main+");
    sim_result_free(&r);
    sim_program_free(p);
  }
}

Test(lock_order, recursive_acquisition_is_not_an_inversion) {
  sim_program *p = th_build("lockorder_recursive.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  exit_expect_stdout(&r, "both threads done\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(lock_order, mutex_and_srw_locks_are_tracked_too) {
  sim_program *p = th_build("lockorder_mutex_srw.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_LOCK_ORDER);
  exit_expect_has(th_message(&r),
                  "SRW lock g_srw (host.exe) and mutex#1 \"order-mutex\" are taken in opposite orders");
  exit_expect_has(th_details(&r), "thread 3 takes mutex#1 \"order-mutex\" (at srw_then_mutex+");
  exit_expect_has(th_details(&r), "thread 2 took SRW lock g_srw (host.exe) (at mutex_then_srw+");
  sim_result_free(&r);

  /* And it is a real deadlock once the threads interleave. */
  sim_explore_result e;
  explore_without_lock_order(p, 2, &e);
  cr_expect(e.found, "some interleaving deadlocks");
  cr_expect_eq(e.kind, SIM_VERDICT_DEADLOCK, "got %s", sim_verdict_name(e.kind));
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(lock_order, try_acquisition_is_not_an_inversion) {
  sim_program *p = th_build("lockorder_try.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  exit_expect_stdout(&r, "both threads done\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

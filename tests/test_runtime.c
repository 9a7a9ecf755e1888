/* The shared runtime (runtime/rt.h) as the simulator sees it: what a task,
 * a timer and each shutdown promise, the batch-dequeue shutdown bug next to
 * its fix, and the three endings of a driver DLL that embeds the runtime.
 *
 * Claims about one run use the default schedule; claims about every run
 * ("never", "in every schedule") explore every schedule within a
 * preemption bound.  The programs are the scenario folders
 * tests/scenarios/runtime-*; their hosts check their own invariants with
 * assert, so an exploration that finds no bug has checked them in every
 * schedule it ran.
 */
#include <string.h>

#include "harness.h"

/* ---- Helpers ------------------------------------------------------------------ */

/* Every schedule with at most `bound` preemptions is ok under the unload
 * policy `protect` (the harness's one check of "in every schedule"). */
static void expect_every_schedule_ok(sim_program *p, int bound, sim_protect_policy protect) {
  sim_options run;
  sim_options_default(&run);
  run.protect = protect;
  th_expect_every_schedule_ok(p, bound, 2, &run);
}

/* Runs every schedule with at most `bound` preemptions, bugs or not, and
 * counts their verdicts into e (free with sim_explore_result_free). */
static void explore_all(sim_program *p, int bound, sim_explore_result *e) {
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.preemption_bound = bound;
  o.all = true;
  struct strbuf err = {0};
  cr_assert(sim_explore(p, &o, e, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
  /* With o.all the search runs every schedule of every bound from 0 to
   * `bound` (so a schedule with fewer preemptions counts once per bound
   * it fits in); there is no time limit to cut it short. */
  cr_assert(!e->timed_out);
  cr_assert_gt(e->schedules, 1, "there was more than one schedule to explore");
}

/* Where needle first occurs in the text trace of r, or -1. */
static long trace_position(const sim_result *r, const char *needle) {
  const char *trace = th_trace(r);
  const char *at = strstr(trace, needle);
  return at ? (long)(at - trace) : -1;
}

/* ---- Tasks ---------------------------------------------------------------------- */

Test(runtime, spawned_task_result_reaches_blocked_caller) {
  sim_program *p = th_scenario("scenarios/runtime-spawn");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "task 1: RT_OK, result 4\n"
                   "task 2: RT_OK, result 9\n"
                   "task 3: RT_OK, result 16\n"
                   "rt_shutdown: RT_OK\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(runtime, spawn_and_block_on_are_correct_in_every_schedule, .timeout = 300) {
  sim_program *p = th_scenario("scenarios/runtime-spawn");
  expect_every_schedule_ok(p, 2, SIM_PROTECT_SCAN);
  sim_program_free(p);
}

Test(runtime, workers_are_named_in_traces) {
  sim_program *p = th_scenario("scenarios/runtime-spawn");
  sim_result r;
  th_run(p, &r);
  cr_expect(th_trace_has(&r, "thread 2 (rt worker 1)"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "thread 3 (rt worker 2)"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(runtime, block_on_gives_up_after_its_timeout_in_virtual_time) {
  sim_program *p = th_scenario("scenarios/runtime-block-on");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "rt_block_on(50 ms) with the gate closed: ERROR_TIMEOUT after 50 ms\n"),
            "%s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(runtime, task_handle_outlives_its_runtime, .timeout = 300) {
  sim_program *p = th_scenario("scenarios/runtime-block-on");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "rt_block_on(0 ms) after rt_shutdown: RT_OK, result 7\n"), "%s",
            th_stdout(&r));
  sim_result_free(&r);
  expect_every_schedule_ok(p, 2, SIM_PROTECT_SCAN);
  sim_program_free(p);
}

Test(runtime, block_on_from_a_worker_is_a_programmer_error) {
  sim_program *p = th_scenario("scenarios/runtime-block-on-worker");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ASSERTION);
  cr_expect(strstr(r.verdict.message, "rt_block_on on a worker"), "%s", r.verdict.message);
  sim_result_free(&r);
  sim_program_free(p);
}

/* ---- Timers ------------------------------------------------------------------- */

Test(runtime, timer_task_runs_after_its_delay_in_virtual_time) {
  sim_program *p = th_scenario("scenarios/runtime-timers");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r),
                   "timer of 30 ms: RT_OK, ran 30 ms after it was spawned, number 3 to run\n"
                   "timer of 10 ms: RT_OK, ran 10 ms after it was spawned, number 1 to run\n"
                   "timer of 20 ms: RT_OK, ran 20 ms after it was spawned, number 2 to run\n"),
            "%s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(runtime, timers_run_in_due_order_and_never_early_in_every_schedule, .timeout = 300) {
  sim_program *p = th_scenario("scenarios/runtime-timers");
  expect_every_schedule_ok(p, 2, SIM_PROTECT_SCAN);
  sim_program_free(p);
}

Test(runtime, pending_timer_is_cancelled_by_shutdown) {
  sim_program *p = th_scenario("scenarios/runtime-timers");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* rt_shutdown does not wait for the timer's due time either. */
  cr_expect(strstr(th_stdout(&r),
                   "rt_shutdown: RT_OK after 0 ms\n"
                   "the 1000 ms timer pending at shutdown: RT_ERROR_CANCELLED\n"),
            "%s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

/* ---- Shutdown ------------------------------------------------------------------ */

Test(runtime, shutdown_waits_for_every_worker, .timeout = 300) {
  sim_program *p = th_scenario("scenarios/runtime-shutdown");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  long returned = trace_position(&r, "| rt_shutdown returned: RT_OK");
  long worker1 = trace_position(&r, "(rt worker 1) thread exits");
  long worker2 = trace_position(&r, "(rt worker 2) thread exits");
  cr_expect(returned >= 0 && worker1 >= 0 && worker2 >= 0, "%s", th_trace(&r));
  cr_expect(worker1 < returned && worker2 < returned,
            "both workers exit before rt_shutdown returns:\n%s", th_trace(&r));
  sim_result_free(&r);
  /* The host asserts that both tasks finished before rt_shutdown returned. */
  expect_every_schedule_ok(p, 2, SIM_PROTECT_SCAN);
  sim_program_free(p);
}

Test(runtime, batch_dequeue_does_not_swallow_sibling_shutdown, .timeout = 300) {
  sim_program *p = th_scenario("scenarios/runtime-shutdown");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* The situation of the bug does arise: one worker dequeues both
   * shutdown packets (key 0x3) in one batch, and hands one back. */
  cr_expect(th_trace_has(&r, "TRUE: 2 packets [key 0x3, key 0x3]"), "%s", th_trace(&r));
  sim_result_free(&r);
  expect_every_schedule_ok(p, 2, SIM_PROTECT_SCAN);
  sim_program_free(p);
}

Test(runtime, shutdown_right_after_create_is_correct_in_every_schedule, .timeout = 300) {
  sim_program *p = th_scenario("scenarios/runtime-create-shutdown");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "rt_shutdown: RT_OK\n");
  sim_result_free(&r);
  expect_every_schedule_ok(p, 2, SIM_PROTECT_SCAN);
  sim_program_free(p);
}

Test(runtime, shutdown_background_returns_before_workers_exit, .timeout = 300) {
  sim_program *p = th_scenario("scenarios/runtime-shutdown-background");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "rt_shutdown_background returned: RT_OK\n"
                   "the task, right after: ERROR_TIMEOUT\n"
                   "the task, waited for: RT_OK\n");
  long returned = trace_position(&r, "| rt_shutdown_background returned");
  long first_exit = trace_position(&r, "(rt worker 1) thread exits");
  long second_exit = trace_position(&r, "(rt worker 2) thread exits");
  cr_expect(returned >= 0, "%s", th_trace(&r));
  cr_expect((first_exit < 0 || first_exit > returned) && (second_exit < 0 || second_exit > returned),
            "no worker exits before rt_shutdown_background returns:\n%s", th_trace(&r));
  sim_result_free(&r);
  /* The host asserts that the task is still running right after the call. */
  expect_every_schedule_ok(p, 2, SIM_PROTECT_SCAN);
  sim_program_free(p);
}

Test(runtime, spawn_during_shutdown_is_refused) {
  sim_program *p = th_scenario("scenarios/runtime-spawn-during-shutdown");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "rt_shutdown: RT_OK\n"
                   "rt_spawn during shutdown: RT_ERROR_SHUTTING_DOWN\n"
                   "rt_spawn_after during shutdown: RT_ERROR_SHUTTING_DOWN\n");
  sim_result_free(&r);
  sim_program_free(p);
}

/* ---- The naive pool (runtime/tests/naive_pool.c) ------------------------------------ */

Test(runtime, naive_batch_shutdown_hangs, .timeout = 300) {
  sim_program *p = th_scenario("scenarios/runtime-naive-batch-shutdown");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  /* The first worker back took both shutdown packets (key 0); the other
   * waits on the port, and the shutdown waits for it. */
  cr_expect(th_trace_has(&r, "TRUE: 2 packets [key 0, key 0]"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "waits for a completion packet on port#1"), "%s", th_trace(&r));
  sim_result_free(&r);
  /* With both workers busy when shutdown posts, no schedule escapes. */
  sim_explore_result e;
  explore_all(p, 2, &e);
  cr_expect_eq(e.verdicts[SIM_VERDICT_DEADLOCK], e.schedules,
               "every one of the %llu schedules deadlocks (%llu did)",
               (unsigned long long)e.schedules, (unsigned long long)e.verdicts[SIM_VERDICT_DEADLOCK]);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(runtime, naive_single_packet_shutdown_is_correct, .timeout = 300) {
  /* The same program with a batch size of 1: the batch is the bug. */
  sim_program *p = th_scenario("scenarios/runtime-naive-single-shutdown");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "naive pool: 2 of 2 workers exited\n"), "%s", th_stdout(&r));
  sim_result_free(&r);
  expect_every_schedule_ok(p, 2, SIM_PROTECT_SCAN);
  sim_program_free(p);
}

Test(runtime, naive_shutdown_right_after_create_hangs_in_some_schedules, .timeout = 300) {
  sim_program *p = th_scenario("scenarios/runtime-naive-create-shutdown");
  sim_explore_result e;
  explore_all(p, 2, &e);
  cr_expect_gt(e.verdicts[SIM_VERDICT_DEADLOCK], 0, "some schedule deadlocks");
  cr_expect_gt(e.verdicts[SIM_VERDICT_OK], 0,
               "some schedule gets away with it (each worker already waiting)");
  cr_expect_eq(e.verdicts[SIM_VERDICT_DEADLOCK] + e.verdicts[SIM_VERDICT_OK], e.schedules,
               "nothing but deadlocks and clean exits");
  sim_explore_result_free(&e);
  sim_program_free(p);
}

/* ---- A driver DLL that embeds the runtime ----------------------------------------------- */

/* Checked with the default unload policy (breakpoints in reachable code
 * pages) and with full protection: both must agree the driver is clean.
 * The bound is 1 because bound 2 means 600,000 schedules. */
Test(runtime, driver_that_shuts_down_before_unload_survives_every_schedule, .timeout = 600) {
  sim_program *p = th_scenario("scenarios/runtime-driver");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  expect_every_schedule_ok(p, 1, SIM_PROTECT_SCAN);
  expect_every_schedule_ok(p, 1, SIM_PROTECT_ALWAYS);
  sim_program_free(p);
}

Test(runtime, driver_that_shuts_down_in_the_background_is_unloaded_under_its_workers) {
  sim_program *p = th_scenario_with("scenarios/runtime-driver", "driver_background.c");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  cr_expect(strstr(r.verdict.message, "(rt worker"), "%s", r.verdict.message);
  cr_expect(strstr(r.verdict.message, "executed code of driver.dll after it was unloaded"), "%s",
            r.verdict.message);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(runtime, shutdown_in_dll_process_detach_deadlocks_on_the_loader_lock) {
  sim_program *p = th_scenario_with("scenarios/runtime-driver", "driver_detach_shutdown.c");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect(r.verdict.details && strstr(r.verdict.details, "holds loader lock"), "%s",
            th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(runtime, shutdown_background_in_dll_process_detach_leaves_workers_in_an_unloaded_dll) {
  sim_program *p = th_scenario_with("scenarios/runtime-driver", "driver_detach_background.c");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  cr_expect(strstr(r.verdict.message, "executed code of driver.dll after it was unloaded"), "%s",
            r.verdict.message);
  sim_result_free(&r);
  sim_program_free(p);
}

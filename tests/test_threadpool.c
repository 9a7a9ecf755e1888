/* Specification of the thread pool: workers are scheduled threads, each
 * submit runs a callback once, waits wait for queued and running
 * callbacks, timers and waits follow virtual time, I/O completes through
 * the pool, and the callback environment's library stays loaded while
 * the pool can still call it: the unload race that a fire-and-forget
 * driver has without SetThreadpoolCallbackLibrary or
 * FreeLibraryWhenCallbackReturns disappears with either. */
#include <string.h>

#include "harness.h"

/* ---- The unload help ------------------------------------------------------------ */

/* Runs every schedule within bound preemptions; counts the verdicts, and
 * whether some access violation was a return into the callback (rather
 * than the call of a callback whose code was already gone). */
static uint64_t every_schedule(sim_program *p, int bound, uint64_t verdicts[SIM_VERDICT_COUNT],
                               bool *returned_into) {
  sim_strategy *s = sim_strategy_dfs(bound);
  sim_options run;
  sim_options_default(&run);
  sim_result r;
  sim_result_init(&r);
  uint64_t n = 0;
  *returned_into = false;
  for (bool more = true; more; n++) {
    more = sim_run_program(p, &run, s, &r);
    verdicts[r.verdict.kind]++;
    if (r.verdict.kind == SIM_VERDICT_ACCESS_VIOLATION && r.verdict.details &&
        strstr(r.verdict.details, "returned from ") && strstr(r.verdict.details, "into work+"))
      *returned_into = true;
  }
  cr_expect(sim_dfs_exhausted(s), "the search did not run to the end");
  sim_result_free(&r);
  sim_strategy_destroy(s);
  return n;
}

Test(threadpool, unloading_a_driver_whose_pool_callback_is_pending_is_an_access_violation) {
  sim_program *p = th_build("pool_unload_host.c", "driver.dll=pool_unload_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  cr_expect(strstr(th_details(&r), "ran its thread-pool callback at work (driver.dll)"), "details: %s",
            th_details(&r));
  cr_expect(strstr(th_message(&r), "(thread-pool worker) executed code of driver.dll after it was unloaded"),
            "message: %s", th_message(&r));
  sim_result_free(&r);
  /* Nothing keeps the driver loaded, so no schedule escapes; in some the
   * callback is already running and returns into the unmapped driver. */
  uint64_t verdicts[SIM_VERDICT_COUNT] = {0};
  bool returned_into;
  uint64_t n = every_schedule(p, 2, verdicts, &returned_into);
  cr_expect_geq(n, 5, "only %llu schedules", (unsigned long long)n);
  cr_expect_eq(verdicts[SIM_VERDICT_ACCESS_VIOLATION], n, "%llu of %llu schedules fault",
               (unsigned long long)verdicts[SIM_VERDICT_ACCESS_VIOLATION], (unsigned long long)n);
  cr_expect(returned_into, "no schedule unloads the driver under its running callback");
  sim_program_free(p);
}

Test(threadpool, set_threadpool_callback_library_keeps_the_driver_loaded_until_its_callback_returned) {
  sim_program *p = th_build("pool_unload_host.c", "driver.dll=pool_unload_library_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "driver: detached after 2 steps of work\nhost: done, driver unloaded\n");
  cr_expect(th_trace_has(&r, "the thread pool frees driver.dll (work#1): reference count 1 -> 0"), "%s",
            th_trace(&r));
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 10, NULL);
  sim_program_free(p);
}

Test(threadpool, free_library_when_callback_returns_gives_back_the_callbacks_reference_after_it) {
  sim_program *p = th_build("pool_unload_host.c", "driver.dll=pool_unload_free_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "driver: detached after 2 steps of work\nhost: done, driver unloaded\n");
  cr_expect(th_trace_has(&r, "the thread pool frees driver.dll (FreeLibraryWhenCallbackReturns)"), "%s",
            th_trace(&r));
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 10, NULL);
  sim_program_free(p);
}

Test(threadpool, dllmain_waiting_for_a_callback_that_needs_the_loader_lock_deadlocks) {
  sim_program *p = th_build("pool_unload_host.c", "driver.dll=pool_dllmain_wait_dll.c", NULL);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 1, 0, &e);
  cr_assert(e.found, "the DllMain wait was not found");
  cr_expect_eq(e.kind, SIM_VERDICT_DEADLOCK, "found %s", sim_verdict_name(e.kind));
  sim_result r;
  th_replay_found(p, &e, &r);
  cr_expect(strstr(th_details(&r), "waits for the callbacks of work#1"), "details: %s", th_details(&r));
  cr_expect(strstr(th_warnings(&r), "WaitForThreadpoolWorkCallbacks(work#1) waits for thread-pool callbacks "
                                    "inside DllMain of driver.dll"),
            "warnings: %s", th_warnings(&r));
  sim_result_free(&r);
  sim_explore_result_free(&e);
  sim_program_free(p);

  /* With the callback library the detach comes only after the callback. */
  p = th_build("pool_unload_host.c", "driver.dll=pool_dllmain_wait_library_dll.c", NULL);
  th_expect_every_schedule_ok(p, 2, 5, NULL);
  sim_program_free(p);
}

/* ---- Work, timers, waits, I/O ----------------------------------------------------------- */

Test(threadpool, each_submit_runs_once_waits_wait_and_cancel_drops_queued_callbacks) {
  sim_program *p = th_build("pool_work.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "three submits, then a wait: 3 runs\n"
                   "three submits, then a wait that cancels: 0 runs\n"
                   "closed while its callback ran: 1 run, completed\n");
  cr_expect(th_trace_has(&r, "3 queued callbacks of work#1 cancelled"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threadpool, callbacks_run_in_parallel_on_workers_the_simulator_schedules) {
  sim_program *p = th_build("pool_work.c", NULL);
  sim_result r;
  th_run(p, &r);
  cr_expect(th_trace_has(&r, "the thread pool starts thread 2 (thread-pool worker)"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "the thread pool starts thread 4 (thread-pool worker)"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "blocks: waits for work (an idle thread-pool worker)"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threadpool, a_callback_waiting_for_its_own_object_waits_for_itself) {
  sim_program *p = th_build("pool_wait_own.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect(strstr(th_message(&r), "waits for itself"), "message: %s", th_message(&r));
  cr_expect(strstr(th_details(&r), "waits for the callbacks of work#1, one of which runs on thread 2 "
                                   "(thread-pool worker)"),
            "details: %s", th_details(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threadpool, timers_call_back_at_their_virtual_time_once_or_periodically) {
  sim_program *p = th_build("pool_timer.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "before: set 0\n"
                   "after SetThreadpoolTimer: set 1\n"
                   "one-shot: 1 call at t=50, set 1\n"
                   "periodic, stopped after 70 ms: 3 calls, at +20, +40, +60\n"
                   "due in the past: 1 call at +0\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 10, NULL);
  sim_program_free(p);
}

Test(threadpool, a_wait_calls_back_once_when_signalled_or_timed_out) {
  sim_program *p = th_build("pool_wait.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "signalled at t=30: 1 call, WAIT_OBJECT_0, at t=30, event left reset\n"
                   "signalled again without a new SetThreadpoolWait: 1 call\n"
                   "not signalled, 20 ms timeout: 2 calls, the last WAIT_TIMEOUT at +20\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 10, NULL);
  sim_program_free(p);
}

Test(threadpool, pool_io_completes_to_the_callback_with_its_overlapped_error_and_bytes) {
  sim_program *p = th_build("pool_io.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "callback at t=40: context pipe, overlapped the read's, result 0, 5 bytes\n"
                   "read 1: 1 callback\n"
                   "callback at t=80: context pipe, overlapped the read's, result 109, 0 bytes\n"
                   "read 2: 2 callbacks\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 10, NULL);
  sim_program_free(p);
}

Test(threadpool, simple_callbacks_work_items_when_returns_actions_disassociation_and_cleanup_groups) {
  sim_program *p = th_build("pool_misc.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "TrySubmitThreadpoolCallback ran 1, QueueUserWorkItem ran 1\n"
                   "SetEventWhenCallbackReturns: the callback had returned: yes\n"
                   "LeaveCriticalSectionWhenCallbackReturns: the section is free again: yes\n"
                   "a disassociated callback still blocked: WaitFor...Callbacks returned\n"
                   "closing the group's members waited for both: 2 runs, 0 cancelled\n"
                   "closing them with cancel, before any started: 0 runs, 2 cancel callbacks\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threadpool, pool_workers_send_thread_attach_like_any_thread) {
  sim_program *p = th_build("pool_attach_host.c", "counter.dll=pool_attach_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "thread attach notifications after one pool callback: 1\n");
  sim_result_free(&r);
  sim_program_free(p);
}

/* Unloading really takes a DLL away (docs/design.md, "Loader model"): FreeLibrary
 * waits for nothing, and any later execution of the DLL's code or access
 * to its static data is an access violation, reported with the module,
 * the thread, and when and by whom it was unloaded. */
#include "harness.h"

static void run_policy(sim_program *p, sim_protect_policy policy, sim_result *r) {
  sim_options o;
  sim_options_default(&o);
  o.trace = true;
  o.protect = policy;
  sim_schedule none = {0};
  sim_strategy *s = sim_strategy_replay(&none, true, NULL);
  sim_result_init(r);
  sim_run_program(p, &o, s, r);
  sim_strategy_destroy(s);
}

Test(unload, freelibrary_then_return_is_access_violation) {
  sim_program *p = th_build("unload_selffree_host.c", "selffree.dll=unload_selffree_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  cr_expect_eq(r.verdict.tid, 2, "the worker crashes");
  cr_expect(strstr(r.verdict.details, "returned from FreeLibrary into worker+"), "%s", r.verdict.details);
  cr_expect(strstr(r.verdict.details, "selffree.dll was unloaded at step"), "%s", r.verdict.details);
  cr_expect(strstr(r.verdict.details, "by thread 2"), "it unloaded the DLL itself: %s", r.verdict.details);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(unload, freelibrary_and_exit_thread_is_safe) {
  sim_program *p = th_build("unload_selffree_host.c", "selffree.dll=unload_selffree_fixed_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "worker done; selffree.dll unloaded\n");
  sim_result_free(&r);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 2, 0, &e);
  cr_expect(e.exhausted && !e.found, "safe in every schedule: %s", sim_verdict_name(e.kind));
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(unload, blocked_call_returning_into_unloaded_dll_is_access_violation_at_that_step) {
  sim_program *p = th_build("unload_blocked_host.c", "blocked.dll=unload_blocked_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  cr_expect_eq(r.verdict.tid, 2);
  cr_expect(strstr(r.verdict.message, "executed code of blocked.dll after it was unloaded"), "%s", r.verdict.message);
  cr_expect(strstr(r.verdict.details, "returned from WaitForSingleObject into worker+"), "%s", r.verdict.details);
  cr_expect(strstr(r.verdict.details, "by thread 1 (main)"), "%s", r.verdict.details);
  /* The step of the verdict is the step at which the wait returned. */
  char expect[64];
  snprintf(expect, sizeof expect, "%5llu  thread 2             WaitForSingleObject(",
           (unsigned long long)r.verdict.step);
  cr_expect(th_trace_has(&r, expect), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(unload, stale_function_pointer_call_faults_for_real) {
  sim_program *p = th_build("unload_stale_call_host.c", "stale.dll=unload_stale_dll.c", NULL);
  for (int policy = SIM_PROTECT_SCAN; policy <= SIM_PROTECT_ALWAYS; policy++) {
    sim_result r;
    run_policy(p, (sim_protect_policy)policy, &r);
    th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
    cr_expect_str_eq(th_stdout(&r), "before: 5\n", "the stale call never returns");
    cr_expect(strstr(r.verdict.message, "executed code of stale.dll"), "%s", r.verdict.message);
    cr_expect(strstr(r.verdict.details, "get_value (stale.dll)"), "%s", r.verdict.details);
    sim_result_free(&r);
  }
  sim_program_free(p);
}

Test(unload, stale_data_read_faults_for_real) {
  sim_program *p = th_build("unload_stale_read_host.c", "stale.dll=unload_stale_dll.c", NULL);
  for (int policy = SIM_PROTECT_SCAN; policy <= SIM_PROTECT_ALWAYS; policy++) {
    sim_result r;
    run_policy(p, (sim_protect_policy)policy, &r);
    th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
    cr_expect_str_eq(th_stdout(&r), "before: 5\n");
    cr_expect(strstr(r.verdict.message, "read data of stale.dll"), "%s", r.verdict.message);
    cr_expect(strstr(r.verdict.details, "read value (stale.dll)"), "%s", r.verdict.details);
    sim_result_free(&r);
  }
  sim_program_free(p);
}

Test(unload, unloaded_pages_are_given_back_on_reload) {
  /* After a run that left stale.dll protected or poisoned, the next run
   * loads it again and uses it normally. */
  sim_program *p = th_build("unload_stale_read_host.c", "stale.dll=unload_stale_dll.c", NULL);
  sim_program *q = th_build("loader_fresh_host.c", "fresh.dll=loader_fresh_dll.c", NULL);
  sim_result r;
  run_policy(p, SIM_PROTECT_ALWAYS, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  sim_result_free(&r);
  run_policy(p, SIM_PROTECT_SCAN, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  cr_expect_str_eq(th_stdout(&r), "before: 5\n", "the second run starts from a working DLL");
  sim_result_free(&r);
  sim_program_free(q);
  sim_program_free(p);
}

Test(unload, thread_starting_in_unloaded_dll_is_access_violation) {
  sim_program *p = th_build("unload_suspended_host.c", "suspended.dll=unload_suspended_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  cr_expect_eq(r.verdict.tid, 2);
  cr_expect(strstr(r.verdict.details, "start its thread routine at worker (suspended.dll)"), "%s",
            r.verdict.details);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(unload, dll_unloaded_with_threads_handles_and_memory_left_is_a_leak) {
  sim_program *p = th_build("unload_leaky_host.c", "leaky.dll=unload_leaky_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_LEAK_AT_UNLOAD);
  cr_expect(strstr(r.verdict.details, "leaky.dll, unloaded at step 11 by thread 1 (main), left behind:"), "%s",
            r.verdict.details);
  cr_expect(strstr(r.verdict.details, "thread 2, started at idler (leaky.dll), still running its code"), "%s",
            r.verdict.details);
  cr_expect(strstr(r.verdict.details, "handle 0x4 (event#1), opened by its code, never closed"), "%s",
            r.verdict.details);
  cr_expect(strstr(r.verdict.details, "1 heap block (64 bytes) allocated by its code, never freed"), "%s",
            r.verdict.details);
  cr_expect_eq(r.verdict.step, 11, "dated at the unload");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(unload, handles_and_memory_the_host_releases_later_are_not_leaks) {
  /* The DLL hands its thread's handle to the host, which closes it after
   * the unload: that is the host's handle now, not a leak. */
  sim_program *p = th_build("unload_selffree_host.c", "selffree.dll=unload_selffree_fixed_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  sim_program_free(p);
}

/* A DLL is blamed only for what it lost: a thread handle and a heap block
 * it handed to the host, which the host's memory still refers to when the
 * DLL is unloaded, are the host's.  The host never closing or freeing them
 * is a warning at process end, not a leak-at-unload verdict against the
 * DLL. */
Test(unload, what_a_dll_handed_to_the_host_is_the_hosts_to_release) {
  sim_program *p = th_build("unload_handed_host.c", "handy.dll=unload_handed_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "hello\n");
  cr_expect(strstr(th_warnings(&r), "ends the process with handle 0x4 (thread 2) open: handy.dll "
                                    "opened it and handed it over before it was unloaded, and "
                                    "nobody closed it"),
            "warnings: %s", th_warnings(&r));
  cr_expect(strstr(th_warnings(&r), "ends the process with 1 heap block (16 bytes) allocated: "
                                    "handy.dll allocated it and handed it over"),
            "warnings: %s", th_warnings(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

/* Unloading really takes a DLL away (docs/design.md, "Loader model"): FreeLibrary
 * waits for nothing, and any later execution of the DLL's code or access
 * to its static data is an access violation, reported with the module,
 * the thread, and when and by whom it was unloaded. */
#include "harness.h"

/* The self-unloading worker lives in exercise 05, its home; th_build looks
 * in tests/programs/, so the paths climb out of it. */
#define SELFFREE_HOST "../../exercises/05-self-unload/scenarios/worker-frees/host.c"
#define SELFFREE_DLL "../../exercises/05-self-unload/selffree.c"
#define SELFFREE_FIXED_DLL "../../solutions/05-self-unload/selffree.c"

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
  sim_program *p = th_build(SELFFREE_HOST, "selffree.dll=" SELFFREE_DLL, NULL);
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
  sim_program *p = th_build(SELFFREE_HOST, "selffree.dll=" SELFFREE_FIXED_DLL, NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "worker done; selffree.dll unloaded\n");
  sim_result_free(&r);
  /* Safe in every schedule. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
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
  /* After a run that left stale.dll protected or poisoned, the next runs -
   * of another program with DLLs of its own, and of the same program -
   * load their DLLs again and use them normally, from fresh static data. */
  sim_program *p = th_build("unload_stale_read_host.c", "stale.dll=unload_stale_dll.c", NULL);
  sim_program *q = th_build("loader_fresh_host.c", "fresh.dll=loader_fresh_dll.c", NULL);
  sim_result r;
  run_policy(p, SIM_PROTECT_ALWAYS, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  sim_result_free(&r);
  for (int policy = SIM_PROTECT_SCAN; policy <= SIM_PROTECT_ALWAYS; policy++) {
    run_policy(q, (sim_protect_policy)policy, &r);
    th_expect_verdict(&r, SIM_VERDICT_OK);
    cr_expect_str_eq(th_stdout(&r), "load 0: 101 102\nload 1: 101 102\nload 2: 101 102\n",
                     "another program's DLL works, from fresh data each load");
    sim_result_free(&r);
  }
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
  /* Dated at the step of the host's FreeLibrary, naming the handle the DLL
   * says it opened, whatever their values. */
  uint64_t unloaded_at = th_step_of(&r, "FreeLibrary(leaky.dll)");
  cr_assert_neq(unloaded_at, 0, "the trace shows the FreeLibrary:\n%s", th_trace(&r));
  unsigned long handle = 0;
  cr_assert(sscanf(th_stdout(&r), "event handle %lx", &handle) == 1, "stdout: %s", th_stdout(&r));
  char expect[128];
  snprintf(expect, sizeof expect, "leaky.dll, unloaded at step %llu by thread 1 (main), left behind:",
           (unsigned long long)unloaded_at);
  cr_expect(strstr(r.verdict.details, expect), "no \"%s\" in: %s", expect, r.verdict.details);
  /* A thread parked in the unloaded DLL: what happens when it wakes. */
  cr_expect(strstr(r.verdict.details, "thread 2, started at idler (leaky.dll), blocked in WaitForSingleObject: "
                                      "when it wakes, it returns into idler+0x"), "%s",
            r.verdict.details);
  cr_expect(strstr(r.verdict.details, "(leaky.dll), which is unloaded (an access violation)"), "%s",
            r.verdict.details);
  cr_expect_eq(r.verdict.latent, SIM_VERDICT_ACCESS_VIOLATION, "one wake-up from a crash");
  cr_expect_eq(r.verdict.latent_tid, 2);
  snprintf(expect, sizeof expect, "handle %#lx (event#1), opened by its code, never closed", handle);
  cr_expect(strstr(r.verdict.details, expect), "no \"%s\" in: %s", expect, r.verdict.details);
  cr_expect(strstr(r.verdict.details, "1 heap block (64 bytes) allocated by its code, never freed"), "%s",
            r.verdict.details);
  cr_expect_eq(r.verdict.step, unloaded_at, "dated at the unload (step %llu), not at step %llu",
               (unsigned long long)unloaded_at, (unsigned long long)r.verdict.step);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(unload, handles_and_memory_the_host_releases_later_are_not_leaks) {
  /* The DLL hands its thread's handle to the host, which closes it after
   * the unload: that is the host's handle now, not a leak. */
  sim_program *p = th_build(SELFFREE_HOST, "selffree.dll=" SELFFREE_FIXED_DLL, NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  sim_program_free(p);
}

/* ---- The default protection agrees with --protect always ---------------- */

/* The verdict, step and message of a run under a policy. */
static void expect_policies_agree(sim_program *p, sim_verdict_kind kind, const char *out) {
  sim_result by[2];
  for (int policy = SIM_PROTECT_SCAN; policy <= SIM_PROTECT_ALWAYS; policy++) {
    sim_result *r = &by[policy];
    run_policy(p, (sim_protect_policy)policy, r);
    th_expect_verdict(r, kind);
    cr_expect_str_eq(th_stdout(r), out, "policy %d", policy);
  }
  cr_expect_eq(by[0].verdict.step, by[1].verdict.step);
  cr_expect_str_eq(th_message(&by[0]), th_message(&by[1]));
  cr_expect_str_eq(th_details(&by[0]), th_details(&by[1]));
  sim_result_free(&by[0]);
  sim_result_free(&by[1]);
}

Test(unload, stale_read_two_pages_past_a_kept_pointer_faults_by_default) {
  sim_program *p = th_build("unload_table_host.c", "table.dll=unload_table_dll.c", NULL);
  expect_policies_agree(p, SIM_VERDICT_ACCESS_VIOLATION, "before: 42\n");
  sim_result r;
  run_policy(p, SIM_PROTECT_SCAN, &r);
  cr_expect(strstr(th_message(&r), "read data of table.dll after it was unloaded"), "%s", th_message(&r));
  cr_expect(strstr(th_details(&r), "read table+0x2000 (table.dll)"), "%s", th_details(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(unload, stale_read_of_a_neighbouring_variable_faults_by_default) {
  sim_program *p = th_build("unload_table_neighbour_host.c", "table.dll=unload_table_dll.c", NULL);
  expect_policies_agree(p, SIM_VERDICT_ACCESS_VIOLATION, "before: 7\n");
  sim_program_free(p);
}

Test(unload, stale_code_and_data_accesses_agree_under_both_policies) {
  const char *const programs[][3] = {
      {"unload_stale_read_host.c", "stale.dll=unload_stale_dll.c", "before: 5\n"},
      {"unload_stale_call_host.c", "stale.dll=unload_stale_dll.c", "before: 5\n"},
  };
  for (size_t i = 0; i < sizeof programs / sizeof programs[0]; i++) {
    sim_program *p = th_build(programs[i][0], programs[i][1], NULL);
    expect_policies_agree(p, SIM_VERDICT_ACCESS_VIOLATION, programs[i][2]);
    sim_program_free(p);
  }
}

Test(unload, a_dll_nothing_points_into_is_not_protected) {
  /* The cheap case the default exists for: no system call at unload. */
  sim_program *p = th_build("unload_nothing_kept_host.c", "stale.dll=unload_stale_dll.c", NULL);
  sim_result r;
  run_policy(p, SIM_PROTECT_SCAN, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "5 5\n");
  cr_expect_eq(sim_program_dll_protections(p, 0), 0);
  sim_result_free(&r);
  run_policy(p, SIM_PROTECT_ALWAYS, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_eq(sim_program_dll_protections(p, 0), 2, "one protection per unload");
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

/* DllMain and the loader lock (docs/design.md, "Loader model"): who gets which
 * notification, in which order, and what holding the loader lock means for
 * threads created or waited for inside DllMain. */
#include "harness.h"

Test(dllmain, thread_created_in_dllmain_starts_after_loader_lock_released) {
  sim_program *p = th_build("dllmain_thread_in_attach_host.c", "spawn.dll=dllmain_thread_in_attach_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  cr_expect_str_eq(th_stdout(&r), "in DllMain: the worker has not started\nafter LoadLibrary: the worker started\n");
  sim_result_free(&r);
  /* In every schedule, not just the default one (the DLL asserts it). */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(dllmain, waiting_for_a_thread_created_in_dllmain_deadlocks_on_the_loader_lock) {
  sim_program *p = th_build("dllmain_load_one_host.c", "spawn.dll=dllmain_wait_thread_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect(strstr(r.verdict.message, "2 threads wait for each other"), "%s", r.verdict.message);
  cr_expect(strstr(r.verdict.details, "thread 1 (main) holds loader lock and waits for thread 2 to exit"),
            "%s", r.verdict.details);
  cr_expect(strstr(r.verdict.details, "thread 2 waits for loader lock (held by thread 1 (main)) to start"),
            "%s", r.verdict.details);
  cr_expect(strstr(strbuf_str(&r.warnings), "waits for thread 2 to exit inside DllMain of spawn.dll"),
            "the misuse is flagged as it happens: %s", strbuf_str(&r.warnings));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(dllmain, thread_notifications_follow_load_order_and_skip_disabled_dlls) {
  sim_program *p = th_build("dllmain_notify_host.c", "a.dll=loader_logdll.c", "b.dll=loader_logdll.c",
                            "quiet.dll=dllmain_quiet_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "a.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                   "b.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                   "a.dll THREAD_ATTACH reserved=NULL thread=3\n"
                   "b.dll THREAD_ATTACH reserved=NULL thread=3\n"
                   "late thread runs\n"
                   "b.dll THREAD_DETACH reserved=NULL thread=3\n"
                   "a.dll THREAD_DETACH reserved=NULL thread=3\n"
                   "early thread exits\n"
                   "b.dll THREAD_DETACH reserved=NULL thread=2\n"
                   "a.dll THREAD_DETACH reserved=NULL thread=2\n"
                   "b.dll PROCESS_DETACH reserved=NULL thread=1\n"
                   "a.dll PROCESS_DETACH reserved=NULL thread=1\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(dllmain, thread_exit_takes_loader_lock_even_with_thread_calls_disabled) {
  sim_program *p = th_build("dllmain_exit_lock_host.c", "quietwait.dll=dllmain_exit_lock_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  cr_expect_str_eq(th_stdout(&r), "in DllMain: the worker is still exiting\nafter LoadLibrary: the worker has exited\n");
  /* Waiting on a thread inside DllMain is itself misuse. */
  th_expect_verdict(&r, SIM_VERDICT_DLLMAIN_MISUSE);
  sim_result_free(&r);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 2, 0, &e);
  cr_expect(e.found && e.kind == SIM_VERDICT_DLLMAIN_MISUSE && e.verdicts[SIM_VERDICT_DLLMAIN_MISUSE] == e.schedules,
            "every schedule shows the same: the exit waits for the loader lock");
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(dllmain, every_dllmain_call_holds_the_loader_lock) {
  sim_program *p = th_build("dllmain_lock_held_host.c", "slow.dll=dllmain_lock_held_dll.c", NULL);
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.preemption_bound = 2;
  o.all = true;
  sim_explore_result e;
  struct strbuf err = {0};
  cr_assert(sim_explore(p, &o, &e, &err));
  cr_expect(!e.found, "no schedule fails");
  sim_explore_result_free(&e);
  /* And in each of a few random schedules the asker returns only once
   * DllMain has: at virtual time 100 at the earliest. */
  for (uint64_t seed = 1; seed <= 50; seed++) {
    sim_result r;
    th_run_random(p, seed, &r);
    cr_expect(strstr(th_stdout(&r), "GetModuleHandle returned at t=100\n"), "seed %llu: %s",
              (unsigned long long)seed, th_stdout(&r));
    sim_result_free(&r);
  }
  strbuf_free(&err);
  sim_program_free(p);
}

Test(dllmain, loadlibrary_inside_dllmain_is_reported_as_misuse) {
  sim_program *p = th_build("dllmain_load_one_host.c", "spawn.dll=dllmain_loadlibrary_dll.c",
                            "a.dll=loader_logdll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DLLMAIN_MISUSE);
  cr_expect(strstr(r.verdict.details, "calls LoadLibraryA(\"a.dll\") inside DllMain of spawn.dll"), "%s",
            r.verdict.details);
  cr_expect(strstr(r.verdict.details, "calls FreeLibrary inside DllMain of spawn.dll"), "%s",
            r.verdict.details);
  uint64_t misuse_at = th_step_of(&r, "LoadLibraryA(\"a.dll\")");
  cr_assert_neq(misuse_at, 0, "the trace shows the LoadLibraryA in DllMain:\n%s", th_trace(&r));
  cr_expect_eq(r.verdict.step, misuse_at, "dated when it happened (step %llu), not at step %llu",
               (unsigned long long)misuse_at, (unsigned long long)r.verdict.step);
  sim_result_free(&r);
  sim_program_free(p);
}

/* GetModuleHandle(NULL) does not take the loader lock (Wine's
 * GetModuleHandleExW reads the PEB's image base; Microsoft's DllMain
 * guidance lists the loader lock's callers and this is not one), so a
 * thread may call it while another is inside DllMain.  Probe
 * module-handle-null-no-lock shows the same under Wine. */
Test(dllmain, getmodulehandle_null_does_not_wait_for_the_loader_lock) {
  sim_program *p = th_build("dllmain_module_handle_null_host.c",
                            "waiter.dll=dllmain_module_handle_null_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "worker: GetModuleHandle(NULL) returned the executable at t=0, inside DllMain\n"
                   "waiter.dll: the worker answered\n"
                   "main: LoadLibrary returned\n",
                   "%s", th_trace(&r));
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

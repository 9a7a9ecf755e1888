/* Specification of process exit in the loader model (docs/design.md, "Loader
 * model", ExitProcess): main returning is the C runtime's exit, which runs
 * the program's atexit functions and calls ExitProcess; ExitProcess takes
 * the loader lock, terminates every other thread where it stands (no
 * DLL_THREAD_DETACH, locks stay held, handles are signalled), then sends
 * DLL_PROCESS_DETACH with lpReserved non-NULL in reverse initialisation
 * order, after which FreeLibrary does nothing.  Also: the last thread to
 * exit ends the process, and TerminateThread, like the exit, notifies
 * nobody and releases nothing.
 *
 * DLLs record what happens to them by printing each DllMain call; where a
 * rule must hold in every schedule, the test programs assert it and an
 * exhaustive search (DFS within a preemption bound) runs them. */
#include <string.h>

#include "exit_helpers.h"
#include "harness.h"

Test(process_exit, exit_process_terminates_threads_without_detach) {
  sim_program *p = th_build("exit_blocked_workers.c", "log.dll=exit_logdll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* Neither the two blocked workers nor main get DLL_THREAD_DETACH. */
  exit_expect_stdout(&r,
                     "log.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "log.dll THREAD_ATTACH reserved=NULL thread=2\n"
                     "log.dll THREAD_ATTACH reserved=NULL thread=3\n"
                     "main returns\n"
                     "log.dll PROCESS_DETACH reserved=set thread=1\n");
  cr_expect(th_trace_has(&r, "ExitProcess terminates thread 2"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "ExitProcess terminates thread 3"), "%s", th_trace(&r));
  sim_result_free(&r);
  /* log.dll asserts at exit that no DLL_THREAD_DETACH was ever sent,
   * wherever the workers happen to be when the process exits. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(process_exit, process_detach_at_exit_has_nonnull_reserved) {
  sim_program *p = th_build("exit_reserved.c", "log.dll=exit_logdll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* FreeLibrary: NULL.  Process exit: non-NULL. */
  exit_expect_stdout(&r,
                     "log.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "main: FreeLibrary\n"
                     "log.dll PROCESS_DETACH reserved=NULL thread=1\n"
                     "log.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "main returns\n"
                     "log.dll PROCESS_DETACH reserved=set thread=1\n");
  cr_expect(th_trace_has(&r, "DllMain(log.dll, DLL_PROCESS_DETACH, lpReserved=non-NULL)"), "%s",
            th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(process_exit, process_detach_at_exit_in_reverse_load_order) {
  sim_program *p = th_build("exit_reverse_order.c", "a.dll=exit_logdll.c", "b.dll=exit_logdll.c",
                            "c.dll=exit_logdll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* a.dll was initialised last (its second load), so it goes first; the
   * order is neither the declaration order nor the first-load order. */
  exit_expect_stdout(&r,
                     "a.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "b.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "c.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "a.dll PROCESS_DETACH reserved=NULL thread=1\n"
                     "a.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "main returns\n"
                     "a.dll PROCESS_DETACH reserved=set thread=1\n"
                     "c.dll PROCESS_DETACH reserved=set thread=1\n"
                     "b.dll PROCESS_DETACH reserved=set thread=1\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(process_exit, freelibrary_during_exit_is_noop) {
  sim_program *p = th_build("exit_freelibrary_host.c", "plugin.dll=exit_logdll.c",
                            "owner.dll=exit_freelibrary_owner.c", NULL);
  sim_result r;
  th_run(p, &r);
  /* FreeLibrary returns TRUE and plugin.dll is neither detached with
   * lpReserved NULL nor unmapped: it gets its own detach at exit, once. */
  exit_expect_stdout(&r,
                     "plugin.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "main returns\n"
                     "owner.dll PROCESS_DETACH reserved=set: FreeLibrary(plugin) -> TRUE\n"
                     "plugin.dll PROCESS_DETACH reserved=set thread=1\n");
  cr_expect(th_trace_has(&r, "does nothing: the process is exiting"), "%s", th_trace(&r));
  /* Calling FreeLibrary inside DllMain is still against Microsoft's
   * guidance, and that, not a crash, is the verdict. */
  th_expect_verdict(&r, SIM_VERDICT_DLLMAIN_MISUSE);
  exit_expect_has(th_details(&r), "calls FreeLibrary inside DllMain of owner.dll");
  cr_expect(r.exited, "the process exited");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(process_exit, exit_takes_the_loader_lock_first) {
  sim_program *p = th_build("exit_loader_lock_host.c", "slow.dll=exit_loader_lock_slow.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* main's exit waits for the worker to leave slow.dll's DllMain; only then
   * is the worker terminated and slow.dll detached. */
  exit_expect_stdout(&r,
                     "slow.dll PROCESS_ATTACH begins\n"
                     "main returns while the worker is inside DllMain\n"
                     "slow.dll PROCESS_ATTACH ends\n"
                     "worker: LoadLibraryA returned\n"
                     "slow.dll PROCESS_DETACH reserved=set\n");
  cr_expect(th_trace_has(&r, "waits for loader lock (held by thread 2)"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "ExitProcess terminates thread 2"), "%s", th_trace(&r));
  sim_result_free(&r);
  /* slow.dll asserts at exit that its attach finished, in every schedule. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(process_exit, dllmain_waiting_at_exit_for_event_a_terminated_thread_would_set_deadlocks) {
  sim_program *p = th_build("exit_stopper_host.c", "stopper.dll=exit_stopper_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  exit_expect_stdout(&r,
                     "main returns\n"
                     "stopper.dll PROCESS_DETACH reserved=set: stopping the worker\n");
  /* The exiting thread holds the loader lock and waits, inside DllMain, for
   * an event; the worker that would set it is gone, so it is not listed. */
  exit_expect_has(th_details(&r), "thread 1 (main) holds loader lock and waits for event#3");
  exit_expect_has(th_details(&r), "called from DllMain+");
  cr_expect(!strstr(th_details(&r), "thread 2"), "the worker was terminated:\n%s", th_details(&r));
  sim_result_free(&r);
  exit_expect_every_schedule_ends_in(p, 2, SIM_VERDICT_DEADLOCK);
  sim_program_free(p);
}

/* A lock a terminated thread held stays held; entering it during process
 * exit does not wait: Windows Vista and later end the process on the spot
 * (Raymond Chen, "During process termination, the gates are now
 * electrified"), so the rest of the shutdown is lost.  Windows XP, and
 * Wine 8.0, let the caller in instead (probe exit-orphaned-lock). */
Test(process_exit, entering_a_section_a_terminated_thread_held_ends_the_process) {
  sim_program *p = th_build("exit_lock_held_host.c", "lockdll.dll=exit_lock_held_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_EXIT_CUT_SHORT);
  exit_expect_stdout(&r,
                     "main returns while the worker holds g_lock\n"
                     "lockdll.dll PROCESS_DETACH reserved=set: entering g_lock\n");
  exit_expect_has(th_message(&r), "the process ended at EnterCriticalSection in DLL_PROCESS_DETACH of lockdll.dll");
  exit_expect_has(th_details(&r), "g_lock (lockdll.dll), held by thread 2, which ExitProcess terminated while it held it");
  exit_expect_has(th_details(&r), "never ran:\n  the rest of DLL_PROCESS_DETACH of lockdll.dll\n");
  cr_expect(r.exited, "the process exited");
  cr_expect(th_trace_has(&r, "ExitProcess terminates thread 2"), "%s", th_trace(&r));
  sim_result_free(&r);
  exit_expect_every_schedule_ends_in(p, 2, SIM_VERDICT_EXIT_CUT_SHORT);
  sim_program_free(p);
}

Test(process_exit, the_verdict_names_every_clean_up_that_never_ran) {
  sim_program *p = th_build("exit_cut_short_host.c", "witness.dll=exit_cut_short_witness.c",
                            "lockdll.dll=exit_lock_held_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_EXIT_CUT_SHORT);
  /* witness.dll's DllMain and atexit function never print. */
  exit_expect_stdout(&r,
                     "main returns while the worker holds the lock\n"
                     "lockdll.dll PROCESS_DETACH reserved=set: entering g_lock\n");
  exit_expect_has(th_details(&r), "never ran:\n  the rest of DLL_PROCESS_DETACH of lockdll.dll\n"
                                  "  DLL_PROCESS_DETACH of witness.dll, and its atexit functions\n");
  cr_expect_eq(r.exit_code, 3, "the exit code ExitProcess was given: %d", r.exit_code);
  sim_result_free(&r);
  sim_program_free(p);
}

/* Windows 7 and later treat an SRW lock the same way (Raymond Chen,
 * "During process termination, slim reader/writer locks are now also
 * electrified"). */
Test(process_exit, taking_an_srw_lock_a_terminated_thread_held_ends_the_process) {
  sim_program *p = th_build("exit_lock_held_host.c", "lockdll.dll=exit_srw_held_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_EXIT_CUT_SHORT);
  exit_expect_stdout(&r,
                     "main returns while the worker holds g_lock\n"
                     "lockdll.dll PROCESS_DETACH reserved=set: taking g_lock\n");
  exit_expect_has(th_message(&r), "the process ended at AcquireSRWLockShared in DLL_PROCESS_DETACH of lockdll.dll");
  exit_expect_has(th_details(&r), "held by thread 2, which ExitProcess terminated while it held it");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(process_exit, terminated_thread_handle_is_signalled_at_exit) {
  sim_program *p = th_build("exit_thread_handle_host.c", "joiner.dll=exit_thread_handle_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  /* The wait returns at once, and the thread's exit code is the process's. */
  exit_expect_stdout(&r,
                     "main returns 3\n"
                     "joiner.dll PROCESS_DETACH reserved=set: wait -> WAIT_OBJECT_0, worker exit code 3\n");
  cr_expect(r.exited, "the process exited");
  cr_expect_eq(r.exit_code, 3);
  /* Waiting for a thread inside DllMain is flagged even though it returned. */
  th_expect_verdict(&r, SIM_VERDICT_DLLMAIN_MISUSE);
  exit_expect_has(th_details(&r), "waits for thread 2 to exit inside DllMain of joiner.dll");
  sim_result_free(&r);
  /* joiner.dll asserts the wait's result: no schedule hangs or fails it. */
  exit_expect_every_schedule_ends_in(p, 2, SIM_VERDICT_DLLMAIN_MISUSE);
  sim_program_free(p);
}

Test(process_exit, last_thread_exit_ends_process) {
  sim_program *p = th_build("exit_last_thread.c", "log.dll=exit_logdll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* main's ExitThread is an ordinary thread exit (DLL_THREAD_DETACH); the
   * worker, last, ends the process and sends DLL_PROCESS_DETACH itself. */
  exit_expect_stdout(&r,
                     "log.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "main calls ExitThread\n"
                     "log.dll THREAD_DETACH reserved=NULL thread=1\n"
                     "log.dll THREAD_ATTACH reserved=NULL thread=2\n"
                     "worker returns 7\n"
                     "log.dll PROCESS_DETACH reserved=set thread=2\n");
  cr_expect(r.exited, "the process exited");
  cr_expect_eq(r.exit_code, 7, "the last thread's exit code is the process's: %d", r.exit_code);
  cr_expect_eq(r.verdict.tid, 2, "the worker ended the process, not thread %d", r.verdict.tid);
  sim_result_free(&r);
  /* log.dll asserts at exit that main's was the only thread detach. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(process_exit, last_of_threads_exiting_together_ends_process_without_process_detach) {
  /* Each thread checks whether it is the last one before its
   * DLL_THREAD_DETACH; when both are exiting at once, neither is "last",
   * and the kernel ends the process when the second one is gone, with no
   * DLL_PROCESS_DETACH (the loader's process shutdown never runs). */
  sim_program *p = th_build("exit_threads_end_together.c", "yielding.dll=exit_yielding_dll.c", NULL);
  th_expect_every_schedule_ok(p, 3, 2, NULL);
  /* Find such a schedule among seeded random runs (deterministic) and look
   * at it: both threads detached, the process exited, nobody detached the
   * DLL from the process. */
  bool seen = false;
  for (uint64_t seed = 1; seed <= 64 && !seen; seed++) {
    sim_result r;
    th_run_random(p, seed, &r);
    th_expect_verdict(&r, SIM_VERDICT_OK);
    cr_expect(r.exited, "seed %llu: the process exited", (unsigned long long)seed);
    if (!strstr(th_stdout(&r), "reason=0")) {
      seen = true;
      exit_expect_has(th_stdout(&r), "yielding.dll reason=3 reserved=NULL thread=1\n");
      exit_expect_has(th_stdout(&r), "yielding.dll reason=3 reserved=NULL thread=2\n");
      cr_expect(th_trace_has(&r, "the last thread is gone"), "%s", th_trace(&r));
    }
    sim_result_free(&r);
  }
  cr_expect(seen, "some schedule lets both threads exit at once");
  sim_program_free(p);
}

Test(process_exit, exit_process_from_a_worker_terminates_main) {
  sim_program *p = th_build("exit_from_worker.c", "log.dll=exit_logdll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* main never returns from its wait and gets no DLL_THREAD_DETACH; the
   * worker sends DLL_PROCESS_DETACH. */
  exit_expect_stdout(&r,
                     "log.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "log.dll THREAD_ATTACH reserved=NULL thread=2\n"
                     "worker calls ExitProcess(9)\n"
                     "log.dll PROCESS_DETACH reserved=set thread=2\n");
  cr_expect(th_trace_has(&r, "ExitProcess terminates thread 1 (main)"), "%s", th_trace(&r));
  cr_expect(r.exited, "the process exited");
  cr_expect_eq(r.exit_code, 9);
  cr_expect_eq(r.verdict.tid, 2);
  sim_result_free(&r);
  /* log.dll asserts at exit that no thread detach was sent. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(process_exit, terminate_thread_sends_no_detach_and_keeps_locks) {
  sim_program *p = th_build("exit_terminate_thread.c", "log.dll=exit_logdll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  exit_expect_stdout(&r,
                     "log.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "log.dll THREAD_ATTACH reserved=NULL thread=2\n"
                     "TerminateThread -> 1, wait -> 0, exit code 42\n"
                     "DLL_THREAD_DETACH calls: 0\n"
                     "g_lock still held: yes\n"
                     "log.dll PROCESS_DETACH reserved=set thread=1\n");
  sim_result_free(&r);
  /* The program asserts all three facts after TerminateThread. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(process_exit, atexit_functions_run_at_exit) {
  sim_program *p = th_build("exit_atexit.c", "log.dll=exit_logdll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* Last registered first, before ExitProcess: the worker is still alive
   * and exits normally (with its DLL_THREAD_DETACH), and log.dll is
   * detached after the last atexit function. */
  exit_expect_stdout(&r,
                     "log.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                     "main returns\n"
                     "atexit: registered second, runs first; stops the worker\n"
                     "log.dll THREAD_ATTACH reserved=NULL thread=2\n"
                     "worker: stopping\n"
                     "log.dll THREAD_DETACH reserved=NULL thread=2\n"
                     "atexit: worker joined (WAIT_OBJECT_0)\n"
                     "atexit: registered first, runs last\n"
                     "log.dll PROCESS_DETACH reserved=set thread=1\n");
  cr_expect(!th_trace_has(&r, "ExitProcess terminates"), "nothing was left to terminate:\n%s",
            th_trace(&r));
  sim_result_free(&r);
  /* log.dll asserts the worker's detach was the only one, in every
   * schedule: the atexit function always finds the worker alive. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(process_exit, dll_atexit_functions_run_at_its_unload) {
  sim_program *p = th_build("exit_dll_atexit_host.c", "atexit.dll=exit_dll_atexit_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* At FreeLibrary and at exit alike, right after the DLL's own
   * DLL_PROCESS_DETACH; the host's atexit function runs before any DLL is
   * detached, although it was registered first. */
  exit_expect_stdout(&r,
                     "atexit.dll PROCESS_ATTACH: registers its atexit function\n"
                     "main: FreeLibrary\n"
                     "atexit.dll PROCESS_DETACH reserved=NULL\n"
                     "atexit.dll: its atexit function\n"
                     "main: after FreeLibrary\n"
                     "atexit.dll PROCESS_ATTACH: registers its atexit function\n"
                     "main returns\n"
                     "host atexit\n"
                     "atexit.dll PROCESS_DETACH reserved=set\n"
                     "atexit.dll: its atexit function\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(process_exit, resource_report_lists_threads_terminated_at_exit) {
  sim_program *p = th_build("exit_resources.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* The two parked threads, by number, name and start routine; not the
   * worker that had finished (thread 2, "finishes"). */
  exit_expect_has(th_resources(&r),
                  "threads still running at exit (terminated): 2\n"
                  "  thread 3, started at sleeper (host.exe)\n"
                  "  thread 4 (pump), started at pump (host.exe)\n");
  cr_expect(!strstr(th_resources(&r), "finishes"), "%s", th_resources(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

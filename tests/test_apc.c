/* Specification of APCs and alertable waits: QueueUserAPC queues, only
 * an alertable wait runs the queue (all of it, in order) and returns
 * WAIT_IO_COMPLETION, a wait its objects satisfy does not; APCs queued
 * before a thread starts run first; queueing to an ended thread fails;
 * an alertable GetQueuedCompletionStatusEx is ended by an APC; an APC
 * into an unloaded DLL faults; SignalObjectAndWait signals and waits in
 * one step, which PulseEvent needs; timer completion routines run on the
 * setting thread. */
#include <string.h>

#include "harness.h"

Test(apc, only_alertable_waits_run_apcs_all_of_them_in_order) {
  sim_program *p = th_build("apc_semantics.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "after non-alertable waits: \"\"\n"
                   "SleepEx(0, TRUE): 192, ran \"ab\" in order, on the queueing thread: yes\n"
                   "SleepEx(10, TRUE) with nothing queued: 0\n"
                   "WaitForSingleObjectEx on a signalled event, APC queued: 0, ran \"\"\n"
                   "then on an unsignalled one, timeout 0: 192, ran \"c\"\n"
                   "WaitForMultipleObjectsEx wait-all not satisfied, APC queued: 192, ran \"cd\"\n"
                   "a thread in SleepEx(INFINITE, TRUE): returned 192 after running \"e\" on itself: yes\n"
                   "QueueUserAPC to a thread that ended: 0, error 31\n"
                   "an APC queued before the thread started ran before its routine: yes\n"
                   "GetQueuedCompletionStatusEx alertable, APC queued: FALSE, error 192, ran \"g\"\n"
                   "main: a packet and an APC queued, first call: FALSE, error 192, ran \"h\"\n"
                   "main: again with another APC: FALSE, ran \"hi\"\n"
                   "main: no APC: TRUE, 1 packet with key 7\n"
                   "main: associated now, a packet and an APC: TRUE, key 8, ran \"hi\"\n"
                   "main: SleepEx(0, TRUE) then ran \"hij\"\n");
  cr_expect(th_trace_has(&r, "runs the APC note (host.exe)"), "%s", th_trace(&r));
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 5, NULL);
  sim_program_free(p);
}

Test(apc, an_apc_whose_dll_was_unloaded_faults_when_the_thread_gets_alertable) {
  sim_program *p = th_build("apc_unload_host.c", "queuer.dll=apc_unload_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ACCESS_VIOLATION);
  cr_expect(strstr(th_details(&r), "ran its APC at later (queuer.dll)"), "details: %s", th_details(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(apc, signal_object_and_wait_leaves_no_gap_for_a_pulse_to_be_missed) {
  sim_program *p = th_build("signal_wait_race.c", NULL);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 1, 0, &e);
  cr_assert(e.found, "the missed pulse was not found");
  cr_expect_eq(e.kind, SIM_VERDICT_DEADLOCK, "found %s", sim_verdict_name(e.kind));
  sim_explore_result_free(&e);
  sim_program_free(p);

  p = th_build("signal_wait_atomic.c", NULL);
  th_expect_every_schedule_ok(p, 2, 5, NULL);
  sim_program_free(p);
}

Test(apc, signal_object_and_wait_results_and_errors_and_pulse_event) {
  sim_program *p = th_build("signal_pulse.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "signal an event, wait for a signalled one: 0, the first is signalled\n"
                   "wait for one not signalled, 10 ms: 258\n"
                   "a mutex the caller does not own: 0xffffffff, error 288\n"
                   "a semaphore at its maximum: 0xffffffff, error 298\n"
                   "a thread, which cannot be signalled: 0xffffffff, error 6\n"
                   "PulseEvent, manual-reset event, two waiters: 2 released, signalled afterwards: no\n"
                   "PulseEvent, auto-reset event, two waiters: 1 released, signalled afterwards: no\n"
                   "PulseEvent with nobody waiting: signalled afterwards: no\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 10, NULL);
  sim_program_free(p);
}

Test(apc, timer_completion_routines_run_on_the_setting_thread_in_alertable_waits) {
  sim_program *p = th_build("timer_routine.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "SleepEx(INFINITE, TRUE): 192 at t=30, 1 run, argument passed, fired 30 ms into 2024\n"
                   "periodic: 3 runs in three alertable sleeps\n"
                   "a non-alertable Sleep(25) while it fired twice: 0 runs\n"
                   "then SleepEx(0, TRUE): 192, 1 run\n"
                   "fired during a Sleep, then CancelWaitableTimer: SleepEx(0, TRUE) 0, 0 runs\n");
  sim_result_free(&r);
  sim_program_free(p);
}

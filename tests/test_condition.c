/* Specification of condition variables, one-time initialisation and
 * address waits: sleeping leaves the lock and takes it again, wakes that
 * find nobody are lost, one wake wakes one sleeper and a wake-all wakes
 * every one, timeouts fail with ERROR_TIMEOUT; InitOnceExecuteOnce runs
 * its function once, retries after a failure and makes a recursive call
 * wait for itself; WaitOnAddress compares and sleeps in one step. */
#include <string.h>

#include "harness.h"

Test(condition, bounded_queue_with_two_condition_variables_is_correct_in_every_schedule) {
  sim_program *p = th_build("cv_queue.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "4 items, each consumed once\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 50, NULL);
  sim_program_free(p);
}

Test(condition, sleeping_leaves_the_lock_and_wakes_wake_one_or_all_and_a_lone_wake_is_lost) {
  sim_program *p = th_build("cv_semantics.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "a wake before anyone sleeps is lost: sleep returned FALSE, error 1460\n"
                   "while three threads sleep, another thread can enter the lock: yes\n"
                   "WakeConditionVariable woke 1\n"
                   "the woken thread held the lock again: yes\n"
                   "WakeAllConditionVariable woke the other 2\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 10, NULL);
  sim_program_free(p);
}

Test(condition, waking_and_taking_the_lock_again_are_separate_steps_so_if_instead_of_while_fails) {
  sim_program *p = th_build("cv_if_not_while.c", NULL);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 2, 0, &e);
  cr_expect(e.found, "no schedule lets another consumer take the item before the woken one");
  cr_expect_eq(e.kind, SIM_VERDICT_ASSERTION, "found %s", sim_verdict_name(e.kind));
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(condition, testing_the_flag_outside_the_lock_loses_the_wake_and_sleeps_forever) {
  sim_program *p = th_build("cv_missed_wake.c", NULL);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 1, 0, &e);
  cr_assert(e.found, "the lost wake-up was not found");
  cr_expect_eq(e.kind, SIM_VERDICT_DEADLOCK, "found %s", sim_verdict_name(e.kind));
  sim_result r;
  th_replay_found(p, &e, &r);
  cr_expect(strstr(th_details(&r), "sleeps on condition variable g_cv (host.exe) in SleepConditionVariableCS"),
            "details: %s", th_details(&r));
  sim_result_free(&r);
  sim_explore_result_free(&e);
  sim_program_free(p);

  p = th_build("cv_missed_wake_fixed.c", NULL);
  th_expect_every_schedule_ok(p, 2, 5, NULL);
  sim_program_free(p);
}

Test(condition, an_srw_sleeper_leaves_and_retakes_the_lock_in_its_own_mode) {
  sim_program *p = th_build("cv_srw.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "while the reader sleeps, a writer gets the lock: yes\n"
                   "after it woke, the reader holds it shared: writer kept out, reader gets in\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 5, NULL);
  sim_program_free(p);
}

Test(condition, sleeping_with_an_srw_lock_not_held_is_a_crash) {
  sim_program *p = th_build("cv_srw_not_held.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_CRASH);
  cr_expect(strstr(th_message(&r), "SleepConditionVariableSRW(SRW lock g_lock (host.exe))"), "message: %s",
            th_message(&r));
  cr_expect(strstr(th_message(&r), "STATUS_RESOURCE_NOT_OWNED"), "message: %s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(condition, a_critical_section_entered_twice_is_left_once_and_stays_held_while_asleep) {
  sim_program *p = th_build("cv_cs_twice.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect(strstr(th_warnings(&r), "entered 2 times: it is left once"), "warnings: %s", th_warnings(&r));
  cr_expect(strstr(th_details(&r), "waits for g_lock (host.exe) (held by thread 1 (main))"), "details: %s",
            th_details(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(condition, a_condition_variable_wait_is_described_in_the_trace) {
  sim_program *p = th_build("cv_semantics.c", NULL);
  sim_result r;
  th_run(p, &r);
  cr_expect(th_trace_has(&r, "blocks: sleeps on condition variable g_cv (host.exe)"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "nobody sleeps on it: the wake is lost"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(init_once, the_init_function_runs_once_and_every_caller_gets_its_context_in_every_schedule) {
  sim_program *p = th_build("once_threads.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "init ran 1 time\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 20, NULL);
  sim_program_free(p);
}

Test(init_once, a_failed_init_fails_the_call_with_its_error_and_the_next_call_runs_it_again) {
  sim_program *p = th_build("once_semantics.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "first call: FALSE, error 8, init ran 1 time\n"
                   "second call: TRUE, context is the stored one: yes, init ran 2 times\n"
                   "third call: TRUE, context is the stored one: yes, init ran 2 times\n"
                   "with no context pointer: TRUE\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(init_once, a_waiter_takes_over_when_the_running_init_fails) {
  sim_program *p = th_build("once_failure_waiter.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "init ran 2 times; 1 call failed, 1 succeeded\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 5, NULL);
  sim_program_free(p);
}

Test(init_once, a_recursive_call_from_the_init_function_waits_for_itself) {
  sim_program *p = th_build("once_recursive.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect_str_eq(th_message(&r), "thread 1 (main) waits for itself");
  cr_expect(strstr(th_details(&r), "waits for one-time initialisation g_once (host.exe), which thread 1 (main) "
                                   "is running"),
            "details: %s", th_details(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(address_wait, wait_on_address_compares_sleeps_times_out_and_wakes_one_or_all) {
  sim_program *p = th_build("address_semantics.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "value differs: TRUE at once\n"
                   "value equal, 30 ms: FALSE, error 1460\n"
                   "size 3: FALSE, error 87\n"
                   "WakeByAddressSingle woke 1\n"
                   "WakeByAddressAll woke the other 1\n"
                   "a sleeper that tests the value in a loop always sees the change: 1\n");
  cr_expect_eq(r.time_ms, 230, "virtual time: %llu", (unsigned long long)r.time_ms);
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 10, NULL);
  sim_program_free(p);
}

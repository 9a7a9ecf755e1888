/* Specification of virtual time: it starts at 0, moves only when no thread
 * can run (jumping to the earliest deadline), Sleep and wait timeouts take
 * exactly their duration, sleepers wake in deadline order, and Sleep(0)
 * lets another ready thread go first. */
#include <string.h>

#include "harness.h"

Test(time, sleep_and_wait_timeouts_take_exactly_their_virtual_duration) {
  sim_program *p = th_build("time_sleep.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "start 0, after Sleep(250) 250\n"
                   "wait for 500 ms on an unset event: WAIT_TIMEOUT at 750\n");
  cr_expect_eq(r.time_ms, 750, "the run ended at %llu ms", (unsigned long long)r.time_ms);
  cr_expect(th_trace_has(&r, "-- virtual time is now 250 ms --"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(time, virtual_time_advances_only_when_every_thread_is_blocked_or_sleeping) {
  sim_program *p = th_build("time_idle_only.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(time, sleeping_threads_wake_in_deadline_order) {
  sim_program *p = th_build("time_order.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "slept 100 ms, woke at 100\nslept 300 ms, woke at 300\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(time, wait_satisfied_before_its_timeout_returns_at_the_signal) {
  sim_program *p = th_build("time_early_signal.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "WAIT_OBJECT_0 at 100\n");
  cr_expect_eq(r.time_ms, 100, "the cancelled timeout must not move time on: %llu ms",
               (unsigned long long)r.time_ms);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(time, sleep_zero_lets_another_ready_thread_go_first) {
  sim_program *p = th_build("time_sleep_zero.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "worker\nmain\n");
  cr_expect_eq(r.time_ms, 0);
  sim_result_free(&r);
  sim_program_free(p);
}

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

Test(time, a_periodic_timer_nobody_waits_on_does_not_drive_virtual_time) {
  sim_program *p = th_build("time_unwatched_periodic_timer.c", NULL);
  sim_result r;
  th_run(p, &r);
  /* Stuck at 25 ms: a deadlock, not a run that ticks on with the timer
   * until the step budget calls it a hang. */
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect_str_eq(th_stdout(&r), "at 25 ms the timer is signalled\n");
  cr_expect_eq(r.time_ms, 25, "the run got stuck at 25 ms, but time went on to %llu ms",
               (unsigned long long)r.time_ms);
  sim_result_free(&r);
  sim_program_free(p);
}

/* ---- Time while threads poll (kernel/sched.c) ------------------------------------ */

/* A worker sleeps 10 ms, then sets a flag main polls for: on Windows every
 * such loop ends, because the clock goes on while main spins.  Checked in
 * the default schedule and in random ones (an exhaustive search of a spin
 * loop has too many schedules to be a test). */
Test(time, polling_loops_end_when_the_flag_is_set_after_a_sleep) {
  sim_program *p = th_build("time_spin_flag.c", NULL);
  const char *expected = "Sleep(0): flag seen after >= 10 ms\n"
                         "SwitchToThread: flag seen after >= 10 ms\n"
                         "zero-timeout wait: flag seen after >= 10 ms\n"
                         "GetTickCount64 deadline: flag seen after >= 10 ms\n";
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), expected);
  sim_result_free(&r);
  for (uint64_t seed = 1; seed <= 20; seed++) {
    th_run_random(p, seed, &r);
    th_expect_verdict(&r, SIM_VERDICT_OK);
    cr_expect_str_eq(th_stdout(&r), expected, "seed %llu", (unsigned long long)seed);
    sim_result_free(&r);
  }
  sim_program_free(p);
}

Test(time, a_lone_thread_waiting_for_a_tick_count_deadline_sees_it_pass) {
  sim_program *p = th_build("time_spin_alone.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "50 ms passed: yes\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(time, threads_that_poll_for_what_never_comes_hang_rather_than_deadlock) {
  sim_program *p = th_build("time_spin_forever.c", NULL);
  sim_options o;
  sim_options_default(&o);
  o.steps_max = 2000;
  sim_result r;
  th_run_with(p, &o, &r);
  th_expect_verdict(&r, SIM_VERDICT_HANG);
  cr_expect_gt(r.time_ms, 100, "time must pass while both spin (%llu ms)",
               (unsigned long long)r.time_ms);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(time, a_timestamp_between_other_calls_costs_no_time) {
  sim_program *p = th_build("time_timestamp_free.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "elapsed 0 ms\n");
  sim_result_free(&r);
  sim_program_free(p);
}

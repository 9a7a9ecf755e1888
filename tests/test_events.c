/* Specification of events: auto-reset events release exactly one waiter
 * and reset themselves, manual-reset events release every waiter and stay
 * signalled until ResetEvent, the initial state, and named events. */
#include <string.h>

#include "harness.h"

Test(events, auto_reset_event_releases_exactly_one_waiter) {
  sim_program *p = th_build("events_auto_reset.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "released by one SetEvent: 1\n"
                   "event afterwards: not signalled\n"
                   "released by two SetEvents: 2\n");
  sim_result_free(&r);
  /* Whoever waits first and whenever SetEvent comes, one waiter goes. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(events, manual_reset_event_releases_every_waiter_and_stays_signalled_until_reset) {
  sim_program *p = th_build("events_manual_reset.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "released by one SetEvent: 3\n"
                   "after the waiters: signalled\n"
                   "after ResetEvent: not signalled\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 2, NULL);
  sim_program_free(p);
}

Test(events, event_created_signalled_satisfies_waits_as_its_reset_mode_says) {
  sim_program *p = th_build("events_initial_state.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "auto reset, signalled: WAIT_OBJECT_0 then WAIT_TIMEOUT\n"
                   "manual reset, signalled: WAIT_OBJECT_0 then WAIT_OBJECT_0\n"
                   "not signalled: WAIT_TIMEOUT\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(events, creating_a_named_event_twice_opens_the_same_event_with_already_exists) {
  sim_program *p = th_build("events_named.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "first: error 0; second: error 183, distinct handle 1; first signalled: 1\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(events, wide_and_narrow_names_open_the_same_event) {
  sim_program *p = th_build("events_wide_names.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "event: error 183, set through W seen through A: 1\n"), "stdout: %s",
            th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(events, a_name_taken_by_another_object_type_cannot_be_opened_as_this_type) {
  sim_program *p = th_build("events_wide_names.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "a mutex named like an event: NULL, error 6\n"), "stdout: %s",
            th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(events, waiters_are_released_in_arrival_order_whichever_thread_they_are) {
  /* Threads 4, 2 and 3 arrive in that order at an event, a semaphore and a
   * mutex; each signal releases the longest waiter (the program asserts it
   * in every schedule). */
  sim_program *p = th_build("wait_arrival_order.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "event released: 3 1 2\n"
                   "semaphore released: 3 1 2\n"
                   "mutex taken by: 3 1 2\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 1, 2, NULL);
  sim_program_free(p);
}

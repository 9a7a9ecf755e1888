/* Specification of critical sections: recursive entry, TryEnter, blocking
 * until the owner leaves, mutual exclusion in every schedule, and wrong use
 * (leaving a section you do not own, using one never initialised) flagged
 * as warnings while the program goes on as on Windows. */
#include <string.h>

#include "harness.h"

Test(critical_section, critical_section_is_recursive_for_its_owner) {
  sim_program *p = th_build("cs_recursive.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "owner entered twice, TryEnter by the owner: TRUE\n"), "stdout: %s",
            th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(critical_section, try_enter_fails_until_the_owner_has_left_as_often_as_it_entered) {
  sim_program *p = th_build("cs_recursive.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "after two of three leaves, another thread's TryEnter: FALSE\n"),
            "stdout: %s", th_stdout(&r));
  cr_expect(strstr(th_stdout(&r), "after every leave, another thread's TryEnter: TRUE\n"),
            "stdout: %s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(critical_section, enter_blocks_while_another_thread_holds_the_section) {
  sim_program *p = th_build("cs_blocks.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "main leaves\nworker entered\n");
  /* The trace says what the blocked thread waits for and who holds it. */
  cr_expect(th_trace_has(&r, ".. blocks: waits for g_cs (host.exe) (held by thread 1 (main)) in "
                             "EnterCriticalSection"),
            "%s", th_trace(&r));
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(critical_section, critical_section_admits_one_thread_at_a_time_in_every_schedule) {
  sim_program *p = th_build("cs_exclusion.c", NULL);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(critical_section, leaving_a_critical_section_you_do_not_own_is_flagged_as_a_warning) {
  sim_program *p = th_build("cs_leave_not_owned.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "still running\n");
  cr_expect(strstr(th_warnings(&r),
                   "thread 2 leaves critical section g_cs (host.exe), which thread 1 (main) holds"),
            "warnings: %s", th_warnings(&r));
  cr_expect(strstr(th_warnings(&r),
                   "thread 1 (main) leaves critical section g_cs (host.exe), which nobody holds"),
            "warnings: %s", th_warnings(&r));
  cr_expect(th_trace_has(&r, "!! warning: leaves critical section g_cs"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(critical_section, using_a_critical_section_that_was_never_initialised_is_flagged) {
  sim_program *p = th_build("cs_uninitialised.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "still running\n");
  cr_expect(strstr(th_warnings(&r), "uses critical section g_cs (host.exe), which was never initialised"),
            "warnings: %s", th_warnings(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(critical_section, the_longest_waiting_thread_is_woken_first) {
  sim_program *p = th_build("cs_longest_waiter.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "entered the section: thread 3, then thread 2\n");
  sim_result_free(&r);
  /* The program asserts the order in every schedule. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

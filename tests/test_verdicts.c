/* Specification of how runs end: ok with the process exit code; abort and
 * failed asserts; crashes (a NULL write, a division by zero, a stack
 * overflow) named with their thread and step; hangs on the step budget
 * and, for code that never calls the Win32 API, on the CPU watchdog; wrong
 * use of handles flagged as warnings; and the resource report at process
 * end. */
#include <string.h>

#include "harness.h"

Test(verdicts, returning_from_main_is_ok_with_its_exit_code) {
  sim_program *p = th_build("verdict_exit_code.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(r.exited);
  cr_expect_eq(r.exit_code, 3);
  cr_expect_str_eq(th_message(&r), "the process exited with code 3");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, abort_is_an_abort_verdict_naming_the_thread) {
  sim_program *p = th_build("verdict_abort.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ABORT);
  cr_expect_eq(r.verdict.tid, 2);
  cr_expect(strstr(th_message(&r), "abort() was called at worker+"), "message: %s", th_message(&r));
  cr_expect(sim_verdict_is_bug(r.verdict.kind));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, failed_assert_is_an_assertion_verdict_naming_the_expression) {
  sim_program *p = th_build("verdict_assert.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ASSERTION);
  cr_expect_str_eq(th_message(&r), "Assertion failed: x == 2, file verdict_assert.c, line 10 (in main)");
  cr_expect_eq(r.verdict.tid, 1);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, null_dereference_is_a_crash_naming_thread_and_step) {
  sim_program *p = th_build("verdict_null.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_CRASH);
  cr_expect_eq(r.verdict.tid, 2, "thread %d", r.verdict.tid);
  cr_expect(strstr(th_message(&r), "thread 2 crashed: access violation (0xC0000005) writing address NULL at worker+"),
            "message: %s", th_message(&r));
  /* The write follows the worker's OutputDebugStringA in the same step. */
  uint64_t step = 0;
  for (int i = 0; i < r.n_events; i++)
    if (r.events[i].api == SIM_API_OutputDebugStringA) step = r.events[i].step;
  cr_assert_neq(step, 0, "the trace shows the OutputDebugStringA call:\n%s", th_trace(&r));
  cr_expect_eq(r.verdict.step, step, "crash at step %llu, the call was at step %llu",
               (unsigned long long)r.verdict.step, (unsigned long long)step);
  char line[64];
  snprintf(line, sizeof line, "crash at step %llu: thread 2 crashed", (unsigned long long)step);
  cr_expect(th_trace_has(&r, line), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, integer_division_by_zero_is_a_crash) {
  sim_program *p = th_build("verdict_divide.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_CRASH);
  cr_expect(strstr(th_message(&r), "integer division by zero (0xC0000094) at main+"), "message: %s",
            th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, stack_overflow_is_a_crash_naming_the_thread) {
  sim_program *p = th_build("verdict_overflow.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_CRASH);
  cr_expect_eq(r.verdict.tid, 2);
  cr_expect(strstr(th_message(&r), "thread 2 overflowed its stack (0xC00000FD) at recurse+"),
            "message: %s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, run_beyond_the_step_budget_is_a_hang) {
  sim_program *p = th_build("verdict_steps.c", NULL);
  sim_options o;
  sim_options_default(&o);
  o.steps_max = 500;
  sim_result r;
  th_run_with(p, &o, &r);
  th_expect_verdict(&r, SIM_VERDICT_HANG);
  cr_expect_eq(r.steps, 500, "the run stopped after %llu steps", (unsigned long long)r.steps);
  cr_expect(strstr(th_message(&r), "did not end within 500 steps"), "message: %s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, code_that_never_calls_the_api_is_a_hang_caught_by_the_cpu_watchdog) {
  sim_program *p = th_build("verdict_spin.c", NULL);
  sim_options o;
  sim_options_default(&o);
  /* Small, so the test is quick; the verdict does not depend on it. */
  o.cpu_ms_per_step_max = 300;
  sim_result r;
  th_run_with(p, &o, &r);
  th_expect_verdict(&r, SIM_VERDICT_HANG);
  cr_expect_eq(r.verdict.tid, 2);
  cr_expect(strstr(th_message(&r), "thread 2 ran for more than 300 ms of CPU time without calling "
                                    "the Win32 API"),
            "message: %s", th_message(&r));
  cr_expect(strstr(th_message(&r), "at spinner+"), "message: %s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, waiting_on_a_closed_handle_fails_with_invalid_handle_and_is_flagged) {
  sim_program *p = th_build("verdict_closed_handle.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* The warnings name the handle the program closed, whatever its value. */
  unsigned long handle = 0;
  cr_assert(sscanf(th_stdout(&r), "event handle %lx", &handle) == 1, "stdout: %s", th_stdout(&r));
  char expect[128];
  snprintf(expect, sizeof expect, "event handle %#lx\nwait: WAIT_FAILED, error 6\nset: 0, error 6\n",
           handle);
  cr_expect_str_eq(th_stdout(&r), expect);
  snprintf(expect, sizeof expect, "WaitForSingleObject on handle %#lx, which is not open", handle);
  cr_expect(strstr(th_warnings(&r), expect), "no \"%s\" in the warnings: %s", expect, th_warnings(&r));
  snprintf(expect, sizeof expect, "SetEvent(%#lx): not an open event handle", handle);
  cr_expect(strstr(th_warnings(&r), expect), "no \"%s\" in the warnings: %s", expect, th_warnings(&r));
  snprintf(expect, sizeof expect, "!! warning: WaitForSingleObject on handle %#lx", handle);
  cr_expect(th_trace_has(&r, expect), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, resource_report_lists_threads_handles_and_memory_left_at_process_end) {
  sim_program *p = th_build("verdict_resources.c", NULL);
  sim_result r;
  th_run(p, &r);
  /* Windows reclaims all of it at exit: information, not a bug. */
  th_expect_verdict(&r, SIM_VERDICT_OK);
  const char *res = th_resources(&r);
  cr_expect(strstr(res, "threads still running at exit (terminated): 1\n"
                        "  thread 2, started at waits_forever (host.exe)\n"),
            "resources: %s", res);
  /* The report names the handles the program says it left open. */
  unsigned long event = 0, thread = 0;
  cr_assert(sscanf(th_stdout(&r), "event handle %lx, thread handle %lx", &event, &thread) == 2,
            "stdout: %s", th_stdout(&r));
  char expect[96];
  snprintf(expect, sizeof expect, "handles open at exit: 2\n  %#lx: event#1, created at main+", event);
  cr_expect(strstr(res, expect), "no \"%s\" in the resources: %s", expect, res);
  snprintf(expect, sizeof expect, "  %#lx: thread 2, created at main+", thread);
  cr_expect(strstr(res, expect), "no \"%s\" in the resources: %s", expect, res);
  cr_expect(strstr(res, "memory not freed at exit: 1 block, 10 bytes\n  by host.exe: 1 block, 10 bytes\n"),
            "resources: %s", res);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(verdicts, a_program_that_cleans_up_leaves_an_empty_resource_report) {
  sim_program *p = th_build("basics_thread_exit_code.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_resources(&r), "");
  sim_result_free(&r);
  sim_program_free(p);
}

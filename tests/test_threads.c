/* Specification of simulated threads: CreateThread and its thread id,
 * GetCurrentThreadId and GetThreadId, ExitThread and GetExitCodeThread,
 * CREATE_SUSPENDED with ResumeThread, CloseHandle on thread handles, and
 * the process ending with its last thread. */
#include <string.h>

#include "harness.h"

Test(threads, thread_ids_agree_between_create_thread_get_current_thread_id_and_get_thread_id) {
  sim_program *p = th_build("threads_ids.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* Thread ids are the simulator's thread numbers, so traces and program
   * output name threads alike. */
  cr_expect_str_eq(th_stdout(&r),
                   "created 2, seen 2, by handle 2, main 1\n"
                   "all three agree: 1, differs from main: 1\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threads, exit_thread_ends_the_thread_at_once_with_its_exit_code) {
  sim_program *p = th_build("threads_exit_thread.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "worker: before ExitThread\nexit code 7\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threads, create_suspended_thread_runs_only_after_resume_thread) {
  sim_program *p = th_build("threads_suspended.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "ran before resume: 0, previous suspend count: 1, ran after: 1\n");
  sim_result_free(&r);
  /* The program asserts that the worker has not run before ResumeThread. */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(threads, closing_a_thread_handle_does_not_stop_the_thread) {
  sim_program *p = th_build("threads_close_handles.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "worker ran to the end\n"), "stdout: %s", th_stdout(&r));
  cr_expect(strstr(th_stdout(&r), "first close: 1\n"), "stdout: %s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threads, closing_a_handle_twice_fails_with_invalid_handle_and_is_flagged) {
  sim_program *p = th_build("threads_close_handles.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "second close: 0, error 6\n"), "stdout: %s", th_stdout(&r));
  /* The warning names the handle the program closed twice, whatever its value. */
  unsigned long handle = 0;
  cr_assert(sscanf(th_stdout(&r), "thread handle %lx", &handle) == 1, "stdout: %s", th_stdout(&r));
  char warning[96];
  snprintf(warning, sizeof warning, "CloseHandle(%#lx): the handle is not open", handle);
  cr_expect(strstr(th_warnings(&r), warning), "no \"%s\" in the warnings: %s", warning, th_warnings(&r));
  snprintf(warning, sizeof warning, "!! warning: CloseHandle(%#lx)", handle);
  cr_expect(th_trace_has(&r, warning), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threads, last_thread_to_exit_ends_the_process_with_its_exit_code) {
  sim_program *p = th_build("threads_last_thread.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "worker outlived main\n");
  cr_expect(r.exited, "the process exited");
  cr_expect_eq(r.exit_code, 5, "exit code %d", r.exit_code);
  cr_expect_eq(r.verdict.tid, 2, "the worker ended the process, not thread %d", r.verdict.tid);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threads, set_thread_description_names_the_thread_in_the_trace) {
  sim_program *p = th_build("threads_named.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "hello from the pool worker\nSetThreadDescription: S_OK\n");
  cr_expect(th_trace_has(&r, "thread 2 (pool worker) | hello from the pool worker"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threads, switch_to_thread_says_whether_another_thread_took_the_turn) {
  sim_program *p = th_build("threads_switch_alone.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "alone: 0\nwith a ready thread: 1\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threads, last_thread_terminating_itself_ends_the_process) {
  sim_program *p = th_build("threads_terminate_self_last.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(r.exited, "the process ended");
  cr_expect_eq(r.exit_code, 4);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(threads, rand_keeps_its_state_per_thread) {
  sim_program *p = th_build("crt_rand_per_thread.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* msvcrt's generator: state = state * 214013 + 2531011, rand = bits
   * 16..30 of the state; from seed 42 and from seed 1. */
  cr_expect_str_eq(th_stdout(&r),
                   "seeded with 42 in two threads: 175 400 17869 30056, both\n"
                   "never seeded: 41 18467 6334 26500, as after srand(1)\n");
  sim_result_free(&r);
  /* However the draws interleave (the program asserts it). */
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

/* rand() without srand starts from seed 1 on every thread, the main thread
 * included, and srand moves only the calling thread's seed (Microsoft's
 * rand documentation; probe rand-seed-per-thread under Wine). */
Test(threads, rand_starts_from_seed_1_on_every_thread) {
  sim_program *p = th_scenario("conformance/rand-seed-per-thread");
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "main: 41 18467 6334\n"
                   "worker: 41 18467 6334\n"
                   "main after srand(7): 61 17422 15215\n");
  sim_result_free(&r);
  sim_program_free(p);
}

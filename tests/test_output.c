/* Specification of program output: printf, puts, fprintf, fputs, putchar,
 * fwrite and fflush on stdout and stderr are captured into the run, each
 * stream apart, in the order of the steps that wrote them, and the
 * simulator's own report never mixes into them. */
#include <string.h>

#include "harness.h"

Test(output, every_way_of_writing_to_stdout_is_captured_in_order) {
  sim_program *p = th_build("output_streams.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "printf 1\nputs\nfprintf stdout\nfputs stdout\nc\nfwrite\nfflush returned 0\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(output, stderr_is_captured_apart_from_stdout) {
  sim_program *p = th_build("output_streams.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stderr(&r), "fprintf stderr\nfputs stderr\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(output, program_output_holds_nothing_but_what_the_program_wrote) {
  /* A program that prints nothing and ends in a verdict with a report. */
  sim_program *p = th_build("verdict_assert.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_ASSERTION);
  cr_expect_str_eq(th_stdout(&r), "");
  cr_expect_str_eq(th_stderr(&r), "");
  sim_result_free(&r);
  sim_program_free(p);
}

/* Concatenates the output events of one stream, checking they come in step
 * order. */
static void collect(const sim_result *r, const char *stream, struct strbuf *out) {
  uint64_t last = 0;
  for (int i = 0; i < r->n_events; i++) {
    const sim_event *e = &r->events[i];
    if (e->kind != SIM_EV_OUTPUT || strcmp(e->result, stream) != 0) continue;
    cr_expect_geq(e->step, last, "output of step %llu after step %llu", (unsigned long long)e->step,
                  (unsigned long long)last);
    last = e->step;
    strbuf_puts(out, e->what);
  }
}

Test(output, output_of_threads_is_captured_in_step_order_under_every_schedule) {
  sim_program *p = th_build("output_threads.c", NULL);
  char first[1024] = "";
  bool interleavings_differ = false;
  for (uint64_t seed = 1; seed <= 40; seed++) {
    sim_result r;
    th_run_random(p, seed, &r);
    th_expect_verdict(&r, SIM_VERDICT_OK);
    struct strbuf out = {0}, err = {0};
    collect(&r, "stdout", &out);
    collect(&r, "stderr", &err);
    /* What the trace shows, step by step, is exactly what was captured. */
    cr_expect_str_eq(strbuf_str(&out), th_stdout(&r), "seed %llu", (unsigned long long)seed);
    cr_expect_str_eq(strbuf_str(&err), th_stderr(&r), "seed %llu", (unsigned long long)seed);
    cr_expect(strstr(th_stderr(&r), "worker 1 note\n") && strstr(th_stderr(&r), "worker 2 note\n"),
              "stderr: %s", th_stderr(&r));
    cr_expect(!strstr(th_stdout(&r), "note"), "stderr lines leaked into stdout: %s", th_stdout(&r));
    if (seed == 1) snprintf(first, sizeof first, "%s", th_stdout(&r));
    else if (strcmp(first, th_stdout(&r)) != 0) interleavings_differ = true;
    strbuf_free(&out);
    strbuf_free(&err);
    sim_result_free(&r);
  }
  /* Otherwise the test would say nothing about ordering. */
  cr_expect(interleavings_differ, "40 random schedules printed the same interleaving");
  sim_program_free(p);
}

Test(output, trace_shows_each_output_line_with_its_thread_and_stream) {
  sim_program *p = th_build("output_threads.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(th_trace_has(&r, "thread 2             | worker 1 line 0\n"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "thread 3             | worker 2 note   (stderr)\n"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

/* Wide strings print as on Windows: the program's wchar_t is UTF-16 and
 * the capture converts it to UTF-8, with the Microsoft C runtime's
 * conventions for %S and %C (wide in printf) and for wprintf; narrow output
 * around it is unharmed (probe wide-output, which Wine prints the same
 * except for the non-ASCII line, left out there). */
Test(output, wide_character_output_prints_as_on_windows) {
  sim_program *p = th_build("output_wide.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "narrow abc, wide def, wide ghi, chars jk\n"
                   "wprintf: wide and narrow, 42%\n"
                   "after wprintf, narrow output still works: 7\n"
                   "fputws line\n"
                   "x\n"
                   "snprintf: [   ab|cd  |ef] (15 bytes)\n"
                   "I64: -5 18446744073709551615\n"
                   "non-ASCII: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\n");
  cr_expect_str_eq(th_stderr(&r), "to stderr: wide\n");
  sim_result_free(&r);
  sim_program_free(p);
}

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

/* Checks one captured stream of output_threads.c against the program's own
 * account: each line starts with "#n", the number of lines the program had
 * written by then (both streams), so the numbers must rise line by line.
 * Marks each number seen in `seen` and returns how many lines there were. */
static int check_numbered(const char *stream_name, const char *text, bool seen[], int seen_max,
                          uint64_t seed) {
  int lines = 0, last = 0;
  for (const char *line = text; *line;) {
    const char *end = strchr(line, '\n');
    cr_assert(end, "seed %llu, %s: an unterminated line: %s", (unsigned long long)seed, stream_name,
              line);
    int n = 0;
    cr_assert(sscanf(line, "#%d ", &n) == 1 && n >= 1 && n <= seen_max,
              "seed %llu, %s: a line the program did not write: %.*s", (unsigned long long)seed,
              stream_name, (int)(end - line), line);
    cr_expect_gt(n, last, "seed %llu, %s: line #%d captured after line #%d", (unsigned long long)seed,
                 stream_name, n, last);
    cr_expect(!seen[n], "seed %llu: line #%d captured twice", (unsigned long long)seed, n);
    seen[n] = true;
    last = n;
    lines++;
    line = end + 1;
  }
  return lines;
}

Test(output, output_of_threads_is_captured_in_the_order_written_under_every_schedule) {
  sim_program *p = th_build("output_threads.c", NULL);
  char first[1024] = "";
  bool interleavings_differ = false;
  for (uint64_t seed = 1; seed <= 40; seed++) {
    sim_result r;
    th_run_random(p, seed, &r);
    th_expect_verdict(&r, SIM_VERDICT_OK);
    /* Six stdout lines and two notes from the workers, and main's last line. */
    enum { LINES = 9 };
    bool seen[LINES + 1] = {false};
    int out = check_numbered("stdout", th_stdout(&r), seen, LINES, seed);
    int err = check_numbered("stderr", th_stderr(&r), seen, LINES, seed);
    cr_expect_eq(out, 7, "seed %llu: stdout has %d lines:\n%s", (unsigned long long)seed, out,
                 th_stdout(&r));
    cr_expect_eq(err, 2, "seed %llu: stderr has %d lines:\n%s", (unsigned long long)seed, err,
                 th_stderr(&r));
    cr_expect(!strstr(th_stdout(&r), "note"), "stderr lines leaked into stdout: %s", th_stdout(&r));
    cr_expect(strstr(th_stdout(&r), "#9 main done\n"), "main writes last: %s", th_stdout(&r));
    if (seed == 1) snprintf(first, sizeof first, "%s", th_stdout(&r));
    else if (strcmp(first, th_stdout(&r)) != 0) interleavings_differ = true;
    sim_result_free(&r);
  }
  /* Otherwise the test would say nothing about ordering. */
  cr_expect(interleavings_differ, "40 random schedules printed the same interleaving");
  sim_program_free(p);
}

/* The line of `text` that contains `needle`, copied into out. */
static void line_with(const char *text, const char *needle, char *out, size_t size) {
  const char *at = strstr(text, needle);
  cr_assert(at, "no line with \"%s\" in:\n%s", needle, text);
  while (at > text && at[-1] != '\n') at--;
  const char *end = strchr(at, '\n');
  snprintf(out, size, "%.*s", (int)(end ? end - at : (long)strlen(at)), at);
}

Test(output, trace_shows_each_output_line_with_its_thread_and_stream) {
  sim_program *p = th_build("output_threads.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* Worker 1 is thread 2 and worker 2 thread 3: they are created in that
   * order.  The lines' numbers depend on the schedule, so they are taken
   * from what was captured. */
  char line[128], expect[192];
  line_with(th_stdout(&r), "worker 1 line 0", line, sizeof line);
  snprintf(expect, sizeof expect, "thread 2             | %s\n", line);
  cr_expect(th_trace_has(&r, expect), "no \"%s\" in:\n%s", expect, th_trace(&r));
  line_with(th_stderr(&r), "worker 2 note 1", line, sizeof line);
  snprintf(expect, sizeof expect, "thread 3             | %s   (stderr)\n", line);
  cr_expect(th_trace_has(&r, expect), "no \"%s\" in:\n%s", expect, th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(output, exit_now_ends_the_process_without_detach_or_atexit) {
  sim_program *p = th_build("crt_exit_now_host.c", "exitnow.dll=crt_exit_now_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(r.exited, "the process exited");
  cr_expect_eq(r.exit_code, 3, "exit code %d", r.exit_code);
  /* What was written before stays; nothing of DllMain, of either atexit
   * function or of the blocked worker follows. */
  cr_expect_str_eq(th_stdout(&r), "loaded: yes\n");
  cr_expect_str_eq(th_stderr(&r), "about to _exit(3)\n");
  cr_expect(!th_trace_has(&r, "DLL_PROCESS_DETACH"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(output, output_to_other_files_goes_to_the_c_library_and_is_not_captured) {
  sim_program *p = th_build("crt_other_streams.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "fflush: 0, read back 24 bytes: fprintf 1;fputs;c;fwrite\n");
  cr_expect_str_eq(th_stderr(&r), "");
  sim_result_free(&r);
  sim_program_free(p);
}

/* Specification of the loaderlab command line, run as a subprocess as a
 * student runs it: exit status 0 (no bug), 1 (bug found, with a replay
 * command that reproduces it), 2 (usage or build error, with a message);
 * for `run`, the program's own output on stdout and stderr, loaderlab's
 * report only on stderr.
 *
 * The loaderlab binary is found next to this test binary's folder:
 * build/<preset>/tests/test_cli and build/<preset>/sim/loaderlab. */
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_helpers.h"

Test(cli, run_of_a_correct_program_exits_0) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@cli_ok.c", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.err, "loaderlab: ok: the process exited with code 0"), "stderr: %s", r.err);
  cli_free(&r);
}

Test(cli, run_prints_program_output_as_written_and_the_report_on_stderr_only) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@cli_ok.c", NULL);
  expect_status(r, 0);
  cr_expect_str_eq(r.out, "program says hello on stdout\n");
  static const char expected[] = "program says hello on stderr\nloaderlab: ok: ";
  cr_expect(strncmp(r.err, expected, strlen(expected)) == 0, "stderr: %s", r.err);
  cli_free(&r);
}

Test(cli, run_of_a_buggy_program_exits_1_with_a_replay_command_that_reproduces_it) {
  cli_result r, replay;
  loaderlab(&r, "run", "--host", "@verdict_assert.c", NULL);
  expect_status(r, 1);
  char *verdict = line_starting(r.err, "loaderlab: assertion failure at step ");
  char *command = line_after(r.err, "to see every step:\n");
  run_printed_command(command, &replay);
  expect_status(replay, 1);
  cr_expect(strstr(replay.out, verdict + strlen("loaderlab: ")), "the replay shows \"%s\":\n%s",
            verdict, replay.out);
  free(verdict);
  free(command);
  cli_free(&replay);
  cli_free(&r);
}

Test(cli, explore_of_a_buggy_program_exits_1_with_a_replay_command_that_reproduces_it) {
  cli_result r, replay;
  loaderlab(&r, "explore", "--host", "@interlocked_racy.c", "--strategy", "dfs",
            "--preemption-bound", "1", NULL);
  expect_status(r, 1);
  cr_expect(strstr(r.out, "schedule (1 preemption): 1."), "stdout: %s", r.out);
  char *verdict = line_starting(r.out, "assertion failure at step ");
  char *command = line_after(r.out, "replay it step by step with:\n");
  run_printed_command(command, &replay);
  expect_status(replay, 1);
  cr_expect(strstr(replay.out, verdict), "the replay shows \"%s\":\n%s", verdict, replay.out);
  /* The replay prints the very trace explore showed for the counterexample. */
  const char *trace = strstr(r.out, "trace of the counterexample:\n");
  const char *end = strstr(r.out, "\nreplay it step by step with:");
  cr_assert(trace && end);
  trace += strlen("trace of the counterexample:\n");
  cr_expect(strncmp(replay.out, trace, (size_t)(end - trace)) == 0,
            "explore showed:\n%.*s\nreplay shows:\n%s", (int)(end - trace), trace, replay.out);
  free(verdict);
  free(command);
  cli_free(&replay);
  cli_free(&r);
}

Test(cli, explore_dfs_of_a_correct_program_exits_0_and_prints_the_certificate) {
  cli_result r;
  loaderlab(&r, "explore", "--host", "@interlocked_atomic.c", "--strategy", "dfs",
            "--preemption-bound", "2", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, "search space: about "), "stdout: %s", r.out);
  cr_expect(strstr(r.out, "no bug in any schedule with at most 2 preemptions: "), "stdout: %s", r.out);
  cli_free(&r);
}

Test(cli, compile_error_exits_2_with_the_compilers_message) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@cli_compile_error.c", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "cli_compile_error.c"), "stderr: %s", r.err);
  /* The compiler's quotes depend on the locale; the words do not. */
  cr_expect(strstr(r.err, "loaderlab_undeclared_identifier"), "stderr: %s", r.err);
  cr_expect(strstr(r.err, "undeclared"), "stderr: %s", r.err);
  cr_expect_str_eq(r.out, "");
  cli_free(&r);
}

Test(cli, malformed_schedule_exits_2_with_a_message) {
  cli_result r;
  loaderlab(&r, "replay", "--host", "@cli_ok.c", "--schedule", "1.12.zz", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "schedule \"1.12.zz\" is not valid: expected an 8-digit hexadecimal hash"),
            "stderr: %s", r.err);
  cli_free(&r);
}

Test(cli, replay_of_a_schedule_the_edited_program_no_longer_fits_exits_2_naming_the_step) {
  /* Record a schedule of replay_racy.c that picks a worker at
   * InterlockedIncrement, which replay_racy_edited.c replaced. */
  sim_program *p = th_build("replay_racy.c", NULL);
  char *schedule = NULL;
  for (uint64_t seed = 1; seed <= 500 && !schedule; seed++) {
    sim_result res;
    th_run_random(p, seed, &res);
    for (int i = 0; i < res.schedule.n && !schedule; i++)
      if (res.schedule.choices[i].api == SIM_API_InterlockedIncrement)
        schedule = sim_schedule_encode(&res.schedule);
    sim_result_free(&res);
  }
  cr_assert(schedule);
  cli_result r;
  loaderlab(&r, "replay", "--host", "@replay_racy_edited.c", "--schedule", schedule, NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "loaderlab: the replay does not fit at step "), "stderr: %s", r.err);
  cr_expect(strstr(r.err, " at InterlockedIncrement, but thread "), "stderr: %s", r.err);
  cr_expect(strstr(r.err, " is at InterlockedExchangeAdd"), "stderr: %s", r.err);
  cli_free(&r);
  free(schedule);
  sim_program_free(p);
}

Test(cli, unknown_option_exits_2_naming_it_and_where_the_options_are) {
  cli_result r;
  loaderlab(&r, "run", "--no-such-option", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "loaderlab: unknown option --no-such-option"), "stderr: %s", r.err);
  cr_expect(strstr(r.err, "`loaderlab run --help` shows what run takes."), "stderr: %s", r.err);
  cli_free(&r);
}

Test(cli, unknown_command_exits_2) {
  cli_result r;
  loaderlab(&r, "frobnicate", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "unknown command \"frobnicate\""), "stderr: %s", r.err);
  cli_free(&r);
}

Test(cli, missing_host_file_exits_2_naming_it) {
  cli_result r;
  loaderlab(&r, "run", "--host", "/nonexistent/missing.c", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "--host /nonexistent/missing.c: cannot read it"), "stderr: %s", r.err);
  cli_free(&r);
}

Test(cli, replay_trace_json_carries_the_verdict) {
  cli_result r, json;
  loaderlab(&r, "run", "--host", "@verdict_assert.c", NULL);
  expect_status(r, 1);
  char *command = line_after(r.err, "to see every step:\n");
  char *with_json;
  cr_assert(asprintf(&with_json, "%s --trace json", command) > 0);
  run_printed_command(with_json, &json);
  expect_status(json, 1);
  cr_expect(strstr(json.out, "\"format\": \"loaderlab-trace\""), "stdout: %s", json.out);
  cr_expect(strstr(json.out, "\"verdict\": {\"kind\": \"assertion\", \"bug\": true"), "stdout: %s",
            json.out);
  free(with_json);
  free(command);
  cli_free(&json);
  cli_free(&r);
}

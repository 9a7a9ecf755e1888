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

/* ---- The scenario manifest's error paths -------------------------------------------- */

/* Writes text to dir/name. */
static void write_file(const char *dir, const char *name, const char *text) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  cr_assert(f, "cannot write %s", path);
  fputs(text, f);
  fclose(f);
}

/* A fresh scenario folder with `manifest` as its scenario.txt (NULL: none)
 * and three sources its lines can name: host.c (a correct program), a.c
 * and b.c (DLLs with one export each).  Remove it with remove_scenario. */
static char *scenario_folder(const char *manifest) {
  char *dir = strdup("/tmp/loaderlab-manifest-XXXXXX");
  cr_assert(mkdtemp(dir), "cannot create a temporary folder");
  write_file(dir, "host.c", "#include <windows.h>\nint main(void) { return 0; }\n");
  write_file(dir, "a.c", "#include <windows.h>\n__declspec(dllexport) int a_value(void) { return 1; }\n");
  write_file(dir, "b.c", "#include <windows.h>\n__declspec(dllexport) int b_value(void) { return 2; }\n");
  if (manifest) write_file(dir, "scenario.txt", manifest);
  return dir;
}

static void remove_scenario(char *dir) {
  static const char *const names[] = {"scenario.txt", "host.c", "a.c", "b.c"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    unlink(path);
  }
  rmdir(dir);
  free(dir);
}

/* `loaderlab run DIR` on a folder with this manifest must refuse it: exit
 * status 2, nothing on stdout, and on stderr the manifest's path, the line
 * (when given) and `message`. */
static void expect_manifest_refused(const char *manifest, int line, const char *message) {
  char *dir = scenario_folder(manifest);
  cli_result r;
  loaderlab(&r, "run", dir, NULL);
  expect_status(r, 2);
  char where[PATH_MAX + 32];
  if (line) snprintf(where, sizeof where, "loaderlab: %s/scenario.txt:%d: ", dir, line);
  else snprintf(where, sizeof where, "loaderlab: %s", dir);
  cr_expect(strstr(r.err, where), "expected \"%s\" in stderr:\n%s", where, r.err);
  cr_expect(strstr(r.err, message), "expected \"%s\" in stderr:\n%s", message, r.err);
  cr_expect_str_eq(r.out, "", "nothing ran");
  cli_free(&r);
  remove_scenario(dir);
}

Test(cli, a_manifest_that_is_well_formed_runs) {
  /* The positive control for the refusals below: comments, blank lines and
   * every keyword, used right. */
  char *dir = scenario_folder("# a comment line\n"
                              "\n"
                              "description Two DLLs, one importing the other   # and a comment\n"
                              "host host.c\n"
                              "dll b.dll b.c\n"
                              "dll a.dll a.c\n"
                              "import a.dll b.dll\n"
                              "host-import a.dll\n"
                              "include .\n"
                              "student a.dll\n"
                              "steps-max 5000\n");
  cli_result r;
  loaderlab(&r, "run", dir, NULL);
  expect_status(r, 0);
  cli_free(&r);
  remove_scenario(dir);
}

Test(cli, a_folder_without_a_manifest_is_refused_pointing_to_list) {
  char *dir = scenario_folder(NULL);
  cli_result r;
  loaderlab(&r, "run", dir, NULL);
  expect_status(r, 2);
  char expect[PATH_MAX * 2];
  snprintf(expect, sizeof expect, "loaderlab: no scenario \"%s\" (looked for %s/scenario.txt: ", dir,
           dir);
  cr_expect(strstr(r.err, expect), "stderr: %s", r.err);
  cr_expect(strstr(r.err, "`loaderlab list` shows the scenarios there are"), "stderr: %s", r.err);
  cli_free(&r);
  remove_scenario(dir);
}

Test(cli, manifest_unknown_keyword_is_refused_listing_the_keywords) {
  expect_manifest_refused("host host.c\nlibrary a.dll a.c\n", 2,
                          "unknown keyword \"library\" (the keywords are description, host, dll, import, "
                          "host-import, include, student, steps-max, exit-code, expect, fixed; "
                          "docs/cli.md explains them)");
}

Test(cli, manifest_host_without_a_file_is_refused) {
  expect_manifest_refused("host\n", 1, "write: host FILE.c [MORE.c ...]");
}

Test(cli, manifest_dll_without_a_file_is_refused) {
  expect_manifest_refused("host host.c\ndll a.dll\n", 2, "write: dll NAME.dll FILE.c [MORE.c ...]");
}

Test(cli, manifest_dll_with_a_name_that_is_not_a_dll_is_refused) {
  expect_manifest_refused("host host.c\ndll a.so a.c\n", 2, "\"a.so\" is not a DLL name (write NAME.dll)");
}

Test(cli, manifest_dll_declared_twice_is_refused) {
  expect_manifest_refused("host host.c\ndll a.dll a.c\ndll a.dll b.c\n", 3, "a.dll is declared twice");
}

Test(cli, manifest_import_of_an_undeclared_dll_is_refused) {
  expect_manifest_refused("host host.c\nimport a.dll b.dll\ndll a.dll a.c\ndll b.dll b.c\n", 2,
                          "import: a.dll is not declared by a dll line above");
  expect_manifest_refused("host host.c\ndll a.dll a.c\nimport a.dll b.dll\n", 3,
                          "import: b.dll is not declared by a dll line above");
  expect_manifest_refused("host host.c\ndll a.dll a.c\nimport a.dll\n", 3,
                          "write: import NAME.dll IMPORTED.dll [...] (after both dll lines)");
}

Test(cli, manifest_host_import_of_an_undeclared_dll_is_refused) {
  expect_manifest_refused("host host.c\nhost-import z.dll\n", 2,
                          "host-import: z.dll is not declared by a dll line above");
}

Test(cli, manifest_student_that_is_not_a_declared_dll_is_refused) {
  expect_manifest_refused("host host.c\nstudent a.dll\n", 2,
                          "write: student NAME.dll (a DLL declared above)");
}

Test(cli, manifest_steps_max_that_is_not_a_positive_number_is_refused) {
  expect_manifest_refused("host host.c\nsteps-max 0\n", 2, "write: steps-max N (a positive number)");
  expect_manifest_refused("host host.c\nsteps-max lots\n", 2, "write: steps-max N (a positive number)");
}

Test(cli, manifest_without_a_host_line_is_refused) {
  expect_manifest_refused("description nothing to run\n", 0, "/scenario.txt: no host line (write: host FILE.c)");
}

Test(cli, manifest_dlls_importing_each_other_are_refused_as_a_cycle) {
  expect_manifest_refused("host host.c\ndll a.dll a.c\ndll b.dll b.c\nimport a.dll b.dll\nimport b.dll a.dll\n",
                          0, "the DLL imports form a cycle; Windows can load that, the simulator "
                             "cannot (break the cycle with LoadLibrary)");
}

Test(cli, dll_file_for_a_scenario_with_several_dlls_and_no_student_is_refused) {
  char *dir = scenario_folder("host host.c\ndll a.dll a.c\ndll b.dll b.c\n");
  char dll[PATH_MAX];
  snprintf(dll, sizeof dll, "%s/b.c", dir);
  cli_result r;
  loaderlab(&r, "run", dir, "--dll", dll, NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "has several DLLs and names no student DLL; write --dll NAME.dll="), "stderr: %s",
            r.err);
  cli_free(&r);
  remove_scenario(dir);
}

/* ---- Options: list, -o, --then, --time-limit, --protect, run --seed ------------------- */

Test(cli, list_names_each_scenario_with_its_description) {
  cli_result r;
  loaderlab(&r, "list", NULL);
  expect_status(r, 0);
  cr_expect_str_eq(r.err, "");
  /* The built-in sample, with the description its manifest gives. */
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_assert(sim_scenario_load("sample/driver-unload", &spec, &err), "%s", strbuf_str(&err));
  char *line = line_starting(r.out, "sample/driver-unload ");
  cr_expect(strstr(line, spec.description), "\"%s\" lacks the description \"%s\"", line, spec.description);
  free(line);
  sim_spec_free(&spec);
  /* Every line names a scenario that loads, and says what it is. */
  int lines = 0;
  for (const char *p = r.out; *p; p = strchr(p, '\n') + 1) {
    char name[PATH_MAX];
    cr_assert(strchr(p, '\n'), "an unterminated line: %s", p);
    cr_assert(sscanf(p, "%s", name) == 1, "an empty line in:\n%s", r.out);
    cr_expect(sim_scenario_load(name, &spec, &err), "listed but does not load: %s: %s", name,
              strbuf_str(&err));
    if (spec.name) sim_spec_free(&spec);
    strbuf_reset(&err);
    lines++;
  }
  cr_expect_geq(lines, 1);
  strbuf_free(&err);
  cli_free(&r);
}

/* The replay command `run` printed for verdict_assert.c, as its words. */
static char *assert_replay_command(void) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@verdict_assert.c", NULL);
  expect_status(r, 1);
  char *command = line_after(r.err, "to see every step:\n");
  cli_free(&r);
  return command;
}

Test(cli, replay_o_writes_the_report_to_the_file_instead_of_stdout) {
  char *command = assert_replay_command();
  cli_result to_stdout, to_file;
  run_printed_command(command, &to_stdout);
  expect_status(to_stdout, 1);
  char dir[] = "/tmp/loaderlab-o-XXXXXX";
  cr_assert(mkdtemp(dir));
  char *with_o;
  cr_assert(asprintf(&with_o, "%s -o %s/report.txt", command, dir) > 0);
  run_printed_command(with_o, &to_file);
  expect_status(to_file, 1);
  cr_expect_str_eq(to_file.out, "", "the report went to the file, not to stdout");
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/report.txt", dir);
  FILE *f = fopen(path, "r");
  cr_assert(f, "no %s", path);
  struct strbuf written = {0};
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, f)) > 0;) strbuf_append(&written, buf, n);
  fclose(f);
  cr_expect_str_eq(strbuf_str(&written), to_stdout.out, "the file holds exactly the report");
  /* Nothing else is left in the folder (no temporary file). */
  unlink(path);
  cr_expect_eq(rmdir(dir), 0, "the folder held more than the report");
  strbuf_free(&written);
  free(with_o);
  free(command);
  cli_free(&to_file);
  cli_free(&to_stdout);
}

Test(cli, replay_o_into_a_missing_folder_exits_2_and_writes_nothing) {
  char *command = assert_replay_command();
  char *with_o;
  cr_assert(asprintf(&with_o, "%s -o /nonexistent-loaderlab-folder/report.txt", command) > 0);
  cli_result r;
  run_printed_command(with_o, &r);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "loaderlab: -o /nonexistent-loaderlab-folder/report.txt: cannot write it: "), "stderr: %s",
            r.err);
  cr_expect_str_eq(r.out, "");
  free(with_o);
  free(command);
  cli_free(&r);
}

/* A prefix for --then: the first choice of a random run of p, with the
 * run's own step count and hash (which a prefix does not have to meet). */
static char *one_choice_prefix(sim_program *p, uint64_t seed) {
  sim_result res;
  th_run_random(p, seed, &res);
  char *prefix = NULL;
  if (res.schedule.n > 0) {
    int all = res.schedule.n;
    res.schedule.n = 1;
    prefix = sim_schedule_encode(&res.schedule);
    res.schedule.n = all;
  }
  sim_result_free(&res);
  return prefix;
}

Test(cli, replay_then_explores_schedules_that_begin_with_the_replayed_prefix) {
  /* interlocked_racy.c loses an update with one preemption; a prefix that
   * fixes the first choice still leaves room for it, and whatever --then
   * finds must make that first choice. */
  sim_program *p = th_build("interlocked_racy.c", NULL);
  bool checked = false;
  for (uint64_t seed = 1; seed <= 50 && !checked; seed++) {
    char *prefix = one_choice_prefix(p, seed);
    if (!prefix) continue;
    cli_result r;
    loaderlab(&r, "replay", "--host", "@interlocked_racy.c", "--schedule", prefix, "--then", "dfs", NULL);
    if (r.status == 1) {
      checked = true;
      sim_schedule want, got;
      struct strbuf err = {0};
      cr_assert(sim_schedule_decode(prefix, &want, &err), "%s", strbuf_str(&err));
      char *found = line_after(r.out, "schedule:");
      cr_assert(sim_schedule_decode(found, &got, &err), "%s: %s", found, strbuf_str(&err));
      cr_assert_geq(got.n, 1, "%s makes no choice, so it does not extend %s", found, prefix);
      cr_expect(got.choices[0].step == want.choices[0].step && got.choices[0].tid == want.choices[0].tid,
                "%s does not begin with the choice of %s", found, prefix);
      /* And it is the bug: replayed alone, it ends in the assertion. */
      cli_result replay;
      loaderlab(&replay, "replay", "--host", "@interlocked_racy.c", "--schedule", found, NULL);
      expect_status(replay, 1);
      cr_expect(strstr(replay.out, "assertion failure at step "), "stdout: %s", replay.out);
      cli_free(&replay);
      sim_schedule_free(&got);
      sim_schedule_free(&want);
      strbuf_free(&err);
      free(found);
    } else {
      expect_status(r, 0);
    }
    free(prefix);
    cli_free(&r);
  }
  cr_expect(checked, "no one-choice prefix of 50 random runs left the lost update to find");
  sim_program_free(p);
}

Test(cli, replay_then_of_a_correct_program_finds_nothing_and_exits_0) {
  sim_program *p = th_build("interlocked_atomic.c", NULL);
  sim_result res;
  th_run(p, &res);
  char *prefix = sim_schedule_encode(&res.schedule);
  sim_result_free(&res);
  cli_result r;
  loaderlab(&r, "replay", "--host", "@interlocked_atomic.c", "--schedule", prefix, "--then", "dfs", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, "no bug found in "), "stdout: %s", r.out);
  cr_expect(strstr(r.out, " schedules after the prefix\n"), "stdout: %s", r.out);
  free(prefix);
  cli_free(&r);
  sim_program_free(p);
}

Test(cli, explore_time_limit_ends_the_search_and_says_so, .timeout = 120) {
  /* A budget of a billion schedules that the limit, not the budget, ends:
   * without the limit this test would run into its own timeout. */
  cli_result r;
  loaderlab(&r, "explore", "--host", "@interlocked_atomic.c", "--strategy", "random", "--schedules",
            "1000000000", "--time-limit", "0.5", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, "no bug found in "), "stdout: %s", r.out);
  cr_expect(strstr(r.out, ", time limit reached)"), "stdout: %s", r.out);
  cli_free(&r);
}

Test(cli, a_search_the_time_limit_stops_counts_the_runs_the_cache_cut, .timeout = 120) {
  /* Exercise 01's two-envs with its solution: the complete search cuts
   * nearly every run at a state already searched and takes far longer
   * than the limit (docs/scale.md), so the line must count the cut runs,
   * not only the handful that ran to the end. */
  char *scenario, *dll;
  cr_assert(asprintf(&scenario, "%s/../exercises/01-static-runtime/scenarios/two-envs", TESTS_DIR) > 0);
  cr_assert(asprintf(&dll, "%s/../solutions/01-static-runtime/driver.c", TESTS_DIR) > 0);
  cli_result r;
  loaderlab(&r, "explore", scenario, "--dll", dll, "--complete", "--time-limit", "3", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, " with dfs (no preemption bound, one schedule per class of executions)\n"), "stdout: %s",
            r.out);
  cr_expect(strstr(r.out, "no bug found in "), "stdout: %s", r.out);
  cr_expect(strstr(r.out, " of them cut short at a state already searched) ("), "stdout: %s", r.out);
  cr_expect(strstr(r.out, ", time limit reached)"), "stdout: %s", r.out);
  cli_free(&r);
  free(scenario);
  free(dll);
}

Test(cli, a_complete_search_without_reduction_counts_schedules_not_classes) {
  /* Without reduction every schedule is run, many per class of executions:
   * the header and the certificate say so. */
  cli_result r;
  loaderlab(&r, "explore", "--host", "@interlocked_atomic.c", "--complete", "--reduction", "off", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, " with dfs (no preemption bound, every schedule)\n"), "stdout: %s", r.out);
  cr_expect(strstr(r.out, "no failure in any schedule: "), "stdout: %s", r.out);
  cr_expect(strstr(r.out, " schedules ("), "stdout: %s", r.out);
  cr_expect(!strstr(r.out, "class"), "stdout: %s", r.out);
  cli_free(&r);
}

Test(cli, a_bounded_search_is_reduced_by_default_and_certifies_every_class_of_executions) {
  /* Under a bound the reduced search runs a schedule of every class of
   * executions the full one runs (test_reduction): its certificate says
   * so, and counts schedules, since a class may be run more than once, or
   * runs, with those the state cache cut. */
  cli_result r;
  loaderlab(&r, "explore", "--host", "@interlocked_atomic.c", "--strategy", "dfs", "--preemption-bound", "1", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, " with dfs (at most 1 preemption, at least one schedule per class of executions)\n"),
            "stdout: %s", r.out);
  cr_expect(strstr(r.out, "no bug in any schedule with at most 1 preemption: "), "stdout: %s", r.out);
  cr_expect(strstr(r.out, " of them cut short at a state already searched), at least one per class of executions ("),
            "stdout: %s", r.out);
  cr_expect(!strstr(r.out, "certificate"), "stdout: %s", r.out);
  cli_free(&r);
  loaderlab(&r, "explore", "--host", "@interlocked_atomic.c", "--strategy", "dfs", "--preemption-bound", "1",
            "--state-cache", "off", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, " schedules, at least one per class of executions ("), "stdout: %s", r.out);
  cli_free(&r);
  loaderlab(&r, "explore", "--host", "@interlocked_atomic.c", "--strategy", "dfs", "--preemption-bound", "1",
            "--reduction", "off", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, " with dfs (at most 1 preemption)\n"), "stdout: %s", r.out);
  cr_expect(!strstr(r.out, "class"), "stdout: %s", r.out);
  cli_free(&r);
}

Test(cli, bad_time_limit_and_protect_values_exit_2_naming_them) {
  cli_result r;
  loaderlab(&r, "explore", "--host", "@cli_ok.c", "--time-limit", "0", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "--time-limit 0: expected seconds, a number above 0"), "stderr: %s", r.err);
  cli_free(&r);
  loaderlab(&r, "run", "--host", "@cli_ok.c", "--protect", "sometimes", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "--protect sometimes: expected --protect scan or --protect always"), "stderr: %s", r.err);
  cli_free(&r);
}

/* `run` of the stale read with the unload policy --protect always. */
static void run_stale_read_protect_always(cli_result *r) {
  char *dll;
  cr_assert(asprintf(&dll, "stale.dll=%s/programs/unload_stale_dll.c", TESTS_DIR) > 0);
  loaderlab(r, "run", "--host", "@unload_stale_read_host.c", "--dll", dll, "--protect", "always", NULL);
  free(dll);
}

Test(cli, run_protect_always_protects_the_unloaded_dll) {
  cli_result r;
  run_stale_read_protect_always(&r);
  expect_status(r, 1);
  cr_expect_str_eq(r.out, "before: 5\n");
  cr_expect(strstr(r.err, "read data of stale.dll"), "stderr: %s", r.err);
  cli_free(&r);
}

Test(cli, run_replay_command_keeps_protect_always) {
  /* The command that replays a run is the run's own, run options included
   * (it keeps --steps-max): a replay under another unload policy is
   * another run, and where the two policies disagree about an access it
   * ends otherwise. */
  cli_result r;
  run_stale_read_protect_always(&r);
  expect_status(r, 1);
  char *command = line_after(r.err, "to see every step:\n");
  cr_expect(strstr(command, " --protect always"), "the replay command drops --protect always: %s", command);
  free(command);
  cli_free(&r);
}

Test(cli, run_seed_runs_the_random_schedule_of_that_seed) {
  /* The same seed gives the same run, and it is the run the random
   * strategy gives for that seed; some seed differs from the default run. */
  sim_program *p = th_build("output_threads.c", NULL);
  sim_result fixed;
  th_run(p, &fixed);
  bool some_seed_differs = false;
  for (uint64_t seed = 1; seed <= 5; seed++) {
    char seed_text[24];
    snprintf(seed_text, sizeof seed_text, "%llu", (unsigned long long)seed);
    cli_result a, b;
    loaderlab(&a, "run", "--host", "@output_threads.c", "--seed", seed_text, NULL);
    loaderlab(&b, "run", "--host", "@output_threads.c", "--seed", seed_text, NULL);
    expect_status(a, 0);
    cr_expect_str_eq(a.out, b.out, "seed %s twice", seed_text);
    sim_result res;
    th_run_random(p, seed, &res);
    cr_expect_str_eq(a.out, th_stdout(&res), "seed %s: run --seed and the random strategy differ", seed_text);
    if (strcmp(a.out, th_stdout(&fixed)) != 0) some_seed_differs = true;
    sim_result_free(&res);
    cli_free(&a);
    cli_free(&b);
  }
  cr_expect(some_seed_differs, "five seeds all ran the default schedule");
  sim_result_free(&fixed);
  sim_program_free(p);
}

/* A command line a newcomer trusts: each test is one of the stumbles a new
 * user met (issue 12, "found when tried as a new user would"), run as a
 * subprocess the way the student runs it.
 *
 * Covered: make demo's exit status; verdict severity on the motivating race
 * and counts per verdict; what a parked or never-run thread would do; the
 * host's exit code; replay commands that work when pasted; silence that
 * misleads (--dll names, options that do not apply, time limits); JSON that
 * stays valid; NULL function pointers; module names and error codes in the
 * trace; broken scenarios in `list`; documented manifest keywords; the
 * schedule of an ok run; plurals; divergence messages; the step budget;
 * error messages that say what to type; complete help and docs/cli.md. */
#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>

#include "cli_helpers.h"
#include "json.h"

static char *tmp_dir(const char *name_with_x) {
  char *t = strdup(name_with_x);
  cr_assert(mkdtemp(t), "cannot make a temporary folder");
  return t;
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  cr_assert(f, "cannot write %s", path);
  fputs(text, f);
  fclose(f);
}

static void copy_file(const char *from, const char *to) {
  char *text = read_file(from, NULL);
  cr_assert(text, "cannot read %s", from);
  write_file(to, text);
  free(text);
}

/* ---- make demo ------------------------------------------------------------------ */

Test(trust, make_demo_exits_0_when_it_finds_the_race) {
  char *demo = source_path("tools/demo.sh");
  char *argv[] = {"/bin/sh", demo, (char *)loaderlab_path(), NULL};
  cli_result r;
  cli_exec(argv, &r);
  expect_status(r, 0);
  cr_expect(strstr(r.out, "access violation at step"), "%s", r.out);
  cr_expect(strstr(r.out, "the demo succeeded"), "%s", r.out);
  cli_free(&r);
  free(demo);
}

Test(trust, make_demo_fails_when_nothing_is_found) {
  char *demo = source_path("tools/demo.sh");
  char *argv[] = {"/bin/sh", demo, "/bin/true", NULL};
  cli_result r;
  cli_exec(argv, &r);
  expect_status(r, 1);
  cr_expect(strstr(r.err, "found no bug"), "%s", r.err);
  cli_free(&r);
  free(demo);
}

Test(trust, readme_says_what_make_demo_shows_and_that_it_exits_0) {
  char *path = source_path("README.md");
  char *readme = read_file(path, NULL);
  cr_assert(readme);
  const char *section = strstr(readme, "## What `make demo` shows");
  cr_assert(section, "README has no section on make demo");
  cr_expect(strstr(section, "access violation"), "the section names the verdict");
  cr_expect(strstr(section, "exits with status 0"), "the section says the demo exits 0");
  free(readme);
  free(path);
}

/* ---- Verdict severity ---------------------------------------------------------------- */

static void expect_access_violation_of_the_race(const char *strategy) {
  cli_result r;
  loaderlab(&r, "explore", "--strategy", strategy, NULL);
  expect_status(r, 1);
  cr_expect(strstr(r.out, "\naccess violation at step "), "%s found:\n%s", strategy, r.out);
  cr_expect(strstr(r.out, "executed code of driver.dll after it was unloaded"), "%s", r.out);
  char *counts = line_starting(r.out, "verdicts of ");
  cr_expect(strstr(counts, " access violation"), "%s", counts);
  free(counts);
  cli_free(&r);
}

Test(trust, explore_pct_reports_the_access_violation_of_the_motivating_race) {
  expect_access_violation_of_the_race("pct");
}

Test(trust, explore_dfs_reports_the_access_violation_of_the_motivating_race) {
  expect_access_violation_of_the_race("dfs");
}

Test(trust, explore_random_reports_the_access_violation_with_any_seed) {
  for (int seed = 1; seed <= 6; seed++) {
    char s[16];
    snprintf(s, sizeof s, "%d", seed);
    cli_result r;
    loaderlab(&r, "explore", "--seed", s, NULL);
    expect_status(r, 1);
    cr_expect(strstr(r.out, "\naccess violation at step "), "seed %d:\n%s", seed, r.out);
    cli_free(&r);
  }
}

Test(trust, explore_all_prints_the_count_of_every_verdict_kind) {
  cli_result r;
  loaderlab(&r, "explore", "--all", "--schedules", "300", NULL);
  expect_status(r, 1);
  cr_expect(strstr(r.out, "of 300 schedules found a bug; the most severe:\naccess violation"), "%s", r.out);
  char *counts = line_starting(r.out, "verdicts of 300 schedules: ");
  /* Most severe first; the numbers add up to the schedules run. */
  const char *av = strstr(counts, " access violation"), *leak = strstr(counts, " leak at unload");
  cr_expect(av && leak && av < leak, "%s", counts);
  unsigned long a = 0, b = 0, ok = 0;
  const char *p = strstr(counts, ": ") + 2;
  sscanf(p, "%lu access violation, %lu leak at unload, %lu ok", &a, &b, &ok);
  cr_expect_eq(a + b + ok, 300, "%s", counts);
  free(counts);
  cli_free(&r);
}

Test(trust, a_leak_report_says_what_a_parked_thread_does_when_it_wakes) {
  /* The default schedule of the race ends with the workers parked. */
  cli_result r;
  loaderlab(&r, "run", NULL);
  expect_status(r, 1);
  cr_expect(strstr(r.err, "loaderlab: leak at unload at step "), "%s", r.err);
  cr_expect(strstr(r.err, ", returns into worker_main+0x") || strstr(r.err, "it returns into worker_main+0x"), "%s", r.err);
  cr_expect(strstr(r.err, "which is unloaded (an access violation)"), "%s", r.err);
  /* Threads that never ran are not "running its code". */
  cr_expect(strstr(r.err, "never ran a step: had it been scheduled, it would have started in the "
                          "unloaded driver.dll"), "%s", r.err);
  cr_expect(!strstr(r.err, "still running its code"), "%s", r.err);
  cli_free(&r);
}

/* ---- Exit codes ---------------------------------------------------------------------- */

Test(trust, a_non_zero_exit_code_is_a_failing_verdict) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@verdict_exit_code.c", NULL);
  expect_status(r, 1);
  cr_expect(strstr(r.err, "loaderlab: exit code at step "), "%s", r.err);
  cr_expect(strstr(r.err, "the process exited with code 3, not 0"), "%s", r.err);
  cli_free(&r);
  loaderlab(&r, "explore", "--host", "@verdict_exit_code.c", NULL);
  expect_status(r, 1);
  cr_expect(strstr(r.out, "\nexit code at step "), "%s", r.out);
  cli_free(&r);
}

Test(trust, the_expected_exit_code_can_be_given_on_the_command_line) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@verdict_exit_code.c", "--exit-code", "3", NULL);
  expect_status(r, 0);
  /* The replay command carries it, or the replay would fail. */
  char *command = line_after(r.err, "to replay this run step by step:\n");
  cr_expect(strstr(command, " --exit-code 3"), "%s", command);
  cli_result replay;
  run_printed_command(command, &replay);
  expect_status(replay, 0);
  cli_free(&replay);
  free(command);
  cli_free(&r);
  loaderlab(&r, "run", "--host", "@verdict_exit_code.c", "--exit-code", "any", NULL);
  expect_status(r, 0);
  cli_free(&r);
  loaderlab(&r, "run", "--host", "@verdict_exit_code.c", "--exit-code", "300", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "--exit-code 300: expected a code from 0 to 255 (--exit-code 3) or --exit-code any"), "%s", r.err);
  cli_free(&r);
}

Test(trust, a_scenario_says_which_exit_code_is_expected) {
  char *dir = tmp_dir("/tmp/loaderlab-exit-XXXXXX");
  char *host, *manifest, *program = source_path("tests/programs/verdict_exit_code.c");
  cr_assert(asprintf(&host, "%s/host.c", dir) > 0 && asprintf(&manifest, "%s/scenario.txt", dir) > 0);
  copy_file(program, host);
  write_file(manifest, "description exits with 3 on purpose\nhost host.c\nexit-code 3\n");
  cli_result r;
  loaderlab(&r, "run", dir, NULL);
  expect_status(r, 0);
  cli_free(&r);
  write_file(manifest, "host host.c\nexit-code three\n");
  loaderlab(&r, "run", dir, NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "scenario.txt:2: write: exit-code N (0 to 255) or exit-code any"), "%s", r.err);
  cli_free(&r);
  free(host);
  free(manifest);
  free(program);
  free(dir);
}

/* ---- Replay commands ------------------------------------------------------------------- */

Test(trust, the_printed_replay_command_works_when_pasted) {
  /* A path with a space and a quote, and options that change the run. */
  char *dir = tmp_dir("/tmp/loaderlab cli's XXXXXX");
  char *host, *program = source_path("tests/programs/verdict_assert.c");
  cr_assert(asprintf(&host, "%s/my host.c", dir) > 0);
  copy_file(program, host);
  cli_result r;
  loaderlab(&r, "run", "--host", host, "--steps-max", "5000", "--protect", "always", NULL);
  expect_status(r, 1);
  char *command = line_after(r.err, "to see every step:\n");
  cr_expect(strstr(command, " --steps-max 5000"), "%s", command);
  cr_expect(strstr(command, " --protect always"), "%s", command);
  cr_expect(strstr(command, "'\\''"), "the quote is quoted for the shell: %s", command);
  cli_result replay;
  run_printed_command(command, &replay);
  expect_status(replay, 1);
  cr_expect(strstr(replay.out, "assertion failure at step "), "%s\n%s", command, replay.err);
  cli_free(&replay);
  free(command);
  cli_free(&r);
  free(program);
  free(host);
  free(dir);
}

/* ---- Silence that misleads ------------------------------------------------------------- */

Test(trust, a_dll_name_the_scenario_never_loads_is_refused) {
  cli_result r;
  loaderlab(&r, "run", "--dll", "helpr.dll=@cli_null_call_dll.c", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.err, "sample/driver-unload has no helpr.dll, so its host would never load it "
                          "(its DLLs: driver.dll); write --dll driver.dll="), "%s", r.err);
  cli_free(&r);
}

Test(trust, a_dll_the_host_never_loads_is_reported) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@cli_ok.c", "--dll", "helpr.dll=@cli_null_call_dll.c", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.err, "loaderlab: note: --dll helpr.dll="), "%s", r.err);
  cr_expect(strstr(r.err, ": the host never loaded helpr.dll in this run"), "%s", r.err);
  cli_free(&r);
}

Test(trust, a_dll_without_a_host_says_that_the_sample_runs) {
  char *fixed = source_path("sim/samples/driver-unload/driver_fixed.c");
  cli_result r;
  loaderlab(&r, "run", "--dll", fixed, NULL);
  cr_expect(strstr(r.err, "loaderlab: note: no scenario and no --host given, so the built-in "
                          "sample/driver-unload runs with your --dll"), "%s", r.err);
  cli_free(&r);
  free(fixed);
}

Test(trust, options_that_do_not_apply_are_refused_naming_them) {
  static const struct {
    const char *args[6];
    const char *message;
  } cases[] = {
      {{"explore", "-o", "x.txt"}, "-o does not apply to explore (it is an option of replay); drop it"},
      {{"run", "--trace", "json"}, "--trace does not apply to run (it is an option of replay); drop it"},
      {{"explore", "--depth", "2"}, "--depth applies to --strategy pct only"},
      {{"explore", "--strategy", "pct", "--preemption-bound", "1"}, "--preemption-bound applies to --strategy dfs only"},
      {{"explore", "--strategy", "dfs", "--seed", "3"}, "--seed does not apply to --strategy dfs"},
      {{"replay", "--schedule", "1.1.00000000", "--seed", "3"}, "--seed applies to replay only with --then"},
      {{"list", "--all"}, "--all does not apply to list (it is an option of explore); drop it"},
      {{"explore", "--time-limit", "nan"}, "--time-limit nan: expected seconds, a number above 0"},
      {{"explore", "--time-limit", "inf"}, "--time-limit inf: expected seconds, a number above 0"},
      {{"explore", "--time-limit", "-1"}, "--time-limit -1: expected seconds, a number above 0"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cli_result r;
    const char *const *a = cases[i].args;
    loaderlab(&r, a[0], a[1], a[2], a[3], a[4], NULL);
    cr_expect_eq(r.status, 2, "%s %s: exit %d", a[0], a[1], r.status);
    cr_expect(strstr(r.err, cases[i].message), "%s %s %s:\n%s", a[0], a[1], a[2] ? a[2] : "", r.err);
    cli_free(&r);
  }
}

Test(trust, the_time_limit_stops_a_search_in_the_middle_of_a_long_schedule) {
  /* One schedule of this program takes far longer than the limit; without
   * a check inside the schedule the search would end with a hang. */
  cli_result r;
  loaderlab(&r, "explore", "--host", "@cli_spin.c", "--steps-max", "2000000000", "--time-limit", "0.3", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, "no bug found in 0 schedules ("), "%s", r.out);
  cr_expect(strstr(r.out, "time limit reached"), "%s", r.out);
  cli_free(&r);
}

/* ---- What traces say -------------------------------------------------------------------- */

Test(trust, trace_json_is_valid_whatever_bytes_the_program_printed) {
  cli_result r, json_out;
  loaderlab(&r, "run", "--host", "@cli_bytes.c", NULL);
  expect_status(r, 0);
  /* The program's own stderr holds a NUL: look for the report past it. */
  const char *report = memmem(r.err, r.err_len, "loaderlab: ok", 13);
  cr_assert(report, "no report");
  char *command = line_after(report, "to replay this run step by step:\n");
  char *with_json;
  cr_assert(asprintf(&with_json, "%s --trace json", command) > 0);
  run_printed_command(with_json, &json_out);
  expect_status(json_out, 0);
  char err[256];
  json *doc = json_parse(json_out.out, strlen(json_out.out), err, sizeof err);
  cr_assert(doc, "not valid JSON: %s\n%s", err, json_out.out);
  const char *out = json_get_str(doc, "stdout"), *errs = json_get_str(doc, "stderr");
  cr_assert(out && errs);
  cr_expect(strstr(out, "\x1b[31mred"), "control bytes survive as escapes: %s", out);
  cr_expect(strstr(out, "\xef\xbf\xbd"), "a byte that is not UTF-8 becomes U+FFFD: %s", out);
  cr_expect(strstr(out, "</script>") && strstr(out, "caf\xc3\xa9"), "%s", out);
  const json *e = json_get(doc, "stderr");
  cr_expect(e->length == 9 && memcmp(e->string, "nul\0byte\n", 9) == 0, "NUL bytes are kept");
  json_free(doc);
  free(with_json);
  free(command);
  cli_free(&json_out);
  cli_free(&r);
}

Test(trust, a_null_function_pointer_call_is_described_with_the_callers_location) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@cli_null_call_host.c", "--dll", "helper.dll=@cli_null_call_dll.c", NULL);
  expect_status(r, 1);
  cr_expect(strstr(r.err, "loaderlab: crash at step "), "%s", r.err);
  cr_expect(strstr(r.err, "thread 1 (main) called a NULL function pointer (0xC0000005, execute NULL) "
                          "from main+0x"), "%s", r.err);
  cr_expect(strstr(r.err, "(host.exe): a GetProcAddress that failed returns NULL"), "%s", r.err);
  cli_free(&r);
}

Test(trust, the_trace_names_modules_and_the_error_of_a_failed_call) {
  cli_result r, replay;
  loaderlab(&r, "run", "--host", "@cli_null_call_host.c", "--dll", "helper.dll=@cli_null_call_dll.c", NULL);
  char *command = line_after(r.err, "to see every step:\n");
  run_printed_command(command, &replay);
  cr_expect(strstr(replay.out, "GetProcAddress(helper.dll, \"helper_entry_pointt\") -> NULL (ERROR_PROC_NOT_FOUND)"),
            "%s", replay.out);
  cr_expect(strstr(replay.out, "LoadLibraryA(\"missing.dll\") -> NULL (ERROR_MOD_NOT_FOUND)"), "%s", replay.out);
  cr_expect(!strstr(replay.out, "0x7e"), "no raw module address:\n%s", replay.out);
  free(command);
  cli_free(&replay);
  cli_free(&r);
}

/* ---- Scenarios ------------------------------------------------------------------------------ */

Test(trust, list_shows_a_broken_scenario_with_its_error) {
  char *dir = tmp_dir("/tmp/loaderlab-exercises-XXXXXX");
  char path[4096];
  snprintf(path, sizeof path, "%s/01-demo", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/01-demo/scenarios", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/01-demo/scenarios/good", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/01-demo/scenarios/good/scenario.txt", dir);
  write_file(path, "description a good one\nhost host.c\n");
  snprintf(path, sizeof path, "%s/01-demo/scenarios/broken", dir);
  mkdir(path, 0755);
  snprintf(path, sizeof path, "%s/01-demo/scenarios/broken/scenario.txt", dir);
  write_file(path, "description a broken one\nhots host.c\n");
  char env_dir[4200];
  snprintf(env_dir, sizeof env_dir, "LOADERLAB_EXERCISES_DIR=%s", dir);
  const char *env[] = {env_dir, NULL};
  cli_result r;
  loaderlab_env(&r, env, "list", NULL);
  expect_status(r, 2);
  cr_expect(strstr(r.out, "01-demo/good"), "%s", r.out);
  cr_expect(strstr(r.out, "a good one"), "%s", r.out);
  char *broken = line_starting(r.out, "01-demo/broken");
  cr_expect(strstr(broken, "BROKEN: "), "%s", broken);
  cr_expect(strstr(broken, "scenario.txt:2: unknown keyword \"hots\""), "%s", broken);
  cr_expect(strstr(r.err, "1 scenario cannot be read"), "%s", r.err);
  free(broken);
  cli_free(&r);
  free(dir);
}

static char *g_cli_md;
static int g_missing;

static int check_manifest(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  size_t n = strlen(path);
  if (type != FTW_F || n < 12 || strcmp(path + n - 12, "scenario.txt") != 0) return 0;
  char *text = read_file(path, NULL);
  for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
    char word[64] = "";
    if (sscanf(line, " %63[^ \t#]", word) != 1 || !word[0]) continue;
    char row[80];
    snprintf(row, sizeof row, "| `%s", word);
    if (!strstr(g_cli_md, row)) {
      cr_log_error("%s uses \"%s\", which docs/cli.md does not document", path, word);
      g_missing++;
    }
  }
  free(text);
  return 0;
}

Test(trust, every_manifest_keyword_in_use_is_documented) {
  char *md = source_path("docs/cli.md");
  g_cli_md = read_file(md, NULL);
  cr_assert(g_cli_md, "docs/cli.md is missing");
  const char *roots[] = {"tests/scenarios", "sim/samples", "exercises", "tests/conformance"};
  for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
    char *root = source_path(roots[i]);
    nftw(root, check_manifest, 16, FTW_PHYS);
    free(root);
  }
  cr_expect_eq(g_missing, 0);
  free(g_cli_md);
  free(md);
}

/* ---- What a run prints ---------------------------------------------------------------------- */

Test(trust, an_ok_run_prints_the_schedule_that_reproduces_it) {
  cli_result r, replay;
  loaderlab(&r, "run", "--host", "@cli_ok.c", "--seed", "4", NULL);
  expect_status(r, 0);
  char *command = line_after(r.err, "to replay this run step by step:\n");
  run_printed_command(command, &replay);
  expect_status(replay, 0);
  cr_expect(strstr(replay.out, "ok: the process exited with code 0"), "%s", replay.out);
  free(command);
  cli_free(&replay);
  cli_free(&r);
}

/* " 1 steps", "(1 schedules", ... anywhere in text. */
static void expect_no_bad_plural(const char *text) {
  static const char *const words[] = {"steps", "schedules", "preemptions", "threads", "handles", "bugs"};
  for (const char *p = text; (p = strstr(p, "1 ")); p++) {
    if (p > text && (p[-1] >= '0' && p[-1] <= '9')) continue;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
      cr_expect(strncmp(p + 2, words[i], strlen(words[i])) != 0, "\"1 %s\" in:\n%s", words[i], text);
  }
}

Test(trust, one_of_a_thing_is_singular) {
  cli_result r;
  loaderlab(&r, "explore", "--host", "@interlocked_racy.c", "--strategy", "dfs", "--preemption-bound", "1", NULL);
  expect_status(r, 1);
  cr_expect(strstr(r.out, "(at most 1 preemption, "), "%s", r.out);
  cr_expect(strstr(r.out, "schedule (1 preemption): "), "%s", r.out);
  expect_no_bad_plural(r.out);
  cli_free(&r);
  loaderlab(&r, "explore", "--host", "@interlocked_atomic.c", "--schedules", "1", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, "no bug found in 1 schedule ("), "%s", r.out);
  expect_no_bad_plural(r.out);
  cli_free(&r);
  loaderlab(&r, "explore", "--schedules", "1", NULL);
  cr_expect(strstr(r.out, "bug found after 1 schedule ("), "%s", r.out);
  expect_no_bad_plural(r.out);
  cli_free(&r);
}

Test(trust, a_divergence_message_names_its_step_once) {
  cli_result r;
  loaderlab(&r, "replay", "--host", "@interlocked_racy.c", "--schedule", "1.40.00000000.3t9a36c", NULL);
  expect_status(r, 2);
  char *line = line_starting(r.err, "loaderlab: the replay does not fit at step ");
  unsigned long step = 0;
  sscanf(line, "loaderlab: the replay does not fit at step %lu", &step);
  char again[64];
  snprintf(again, sizeof again, "step %lu", step);
  cr_expect(!strstr(strstr(line, again) + strlen(again), again), "the step is said twice: %s", line);
  free(line);
  cli_free(&r);
}

Test(trust, the_default_step_budget_is_documented) {
  cli_result r;
  loaderlab(&r, "run", "--help", NULL);
  expect_status(r, 0);
  cr_expect(strstr(r.out, "--steps-max N"), "%s", r.out);
  cr_expect(strstr(r.out, "100000"), "%s", r.out);
  cli_free(&r);
  char *path = source_path("README.md");
  char *readme = read_file(path, NULL);
  cr_expect(strstr(readme, "100000 steps"), "the README states the default step budget");
  free(readme);
  free(path);
}

Test(trust, every_error_says_what_was_wrong_and_what_to_type_instead) {
  static const struct {
    const char *args[5];
    const char *message;
  } cases[] = {
      {{"explore", "--seed", "x"}, "--seed x: expected a whole number, such as --seed 42"},
      {{"explore", "--strategy", "bfs"}, "--strategy bfs: expected --strategy random, --strategy pct or --strategy dfs"},
      {{"explore", "--schedules"}, "--schedules needs a value: write --schedules N"},
      {{"explore", "--schedles", "5"}, "unknown option --schedles (did you mean --schedules?)"},
      {{"exlpore"}, "unknown command \"exlpore\" (did you mean explore?)"},
      {{"replay"}, "replay needs --schedule S: the schedule that run or explore printed"},
      {{"replay", "--schedule", "1.1.00000000", "--trace", "svg"}, "--trace svg: expected --trace text, lanes, json, chrome or html"},
      {{"replay", "--schedule", "1.1.00000000", "--trace", "html"}, "--trace html writes a whole web page: add -o FILE.html"},
      {{"run", "a", "b"}, "unexpected argument \"b\": give one scenario (already \"a\"); to add a DLL, write --dll NAME.dll=b"},
      {{"run", "--seed", "1", "--seed", "2"}, "--seed is given twice (1 and 2): keep one"},
      {{"run", "no-such-scenario"}, "`loaderlab list` shows the scenarios there are"},
      {{"run", "--dll", "x.c", "--host", "/dev/null"}, "write --dll NAME.dll=x.c"},
      {{"help", "frob"}, "help frob: no such command (the commands are list, run, explore, replay and help)"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cli_result r;
    const char *const *a = cases[i].args;
    loaderlab(&r, a[0], a[1], a[2], a[3], a[4], NULL);
    cr_expect_eq(r.status, 2, "%s: exit %d", a[0], r.status);
    cr_expect(strstr(r.err, cases[i].message), "%s %s:\n%s", a[0], a[1] ? a[1] : "", r.err);
    cli_free(&r);
  }
}

/* ---- Help ---------------------------------------------------------------------------------------- */

/* The options a command's --help lists (a NULL-terminated array of names). */
static int help_options(const char *command, char names[][40], int max) {
  cli_result r;
  loaderlab(&r, command, "--help", NULL);
  expect_status(r, 0);
  int n = 0;
  const char *p = strstr(r.out, "\noptions:\n");
  for (p = p ? p + 10 : NULL; p && *p == ' ' && n < max; p = strchr(p, '\n') + 1) {
    if (p[2] == '-' ) {
      const char *o = p + 2;
      if (o[1] != '-') o = strstr(o, ", ") + 2; /* "-o, --output FILE" */
      sscanf(o, "%39[^ \n]", names[n++]);
    }
    if (!strchr(p, '\n')) break;
  }
  cli_free(&r);
  return n;
}

Test(trust, every_command_s_help_lists_exactly_the_options_it_takes) {
  static const char *const commands[] = {"list", "run", "explore", "replay", "help"};
  char all[64][40];
  int n_all = 0;
  for (size_t c = 0; c < 5; c++) {
    char names[32][40];
    int n = help_options(commands[c], names, 32);
    for (int i = 0; i < n; i++) {
      bool seen = false;
      for (int k = 0; k < n_all; k++) seen |= strcmp(all[k], names[i]) == 0;
      if (!seen && n_all < 64) strcpy(all[n_all++], names[i]);
    }
  }
  cr_assert_gt(n_all, 15, "the help lists the options");
  for (size_t c = 0; c < 5; c++) {
    char names[32][40];
    int n = help_options(commands[c], names, 32);
    for (int i = 0; i < n_all; i++) {
      bool listed = false;
      for (int k = 0; k < n; k++) listed |= strcmp(names[k], all[i]) == 0;
      cli_result r;
      loaderlab(&r, commands[c], all[i], "1", NULL);
      bool refused = strstr(r.err, "does not apply to") != NULL || strstr(r.err, "unknown option") != NULL;
      cr_expect(listed == !refused, "%s %s: %s by the parser but %s by --help\n%s", commands[c], all[i],
                refused ? "refused" : "accepted", listed ? "listed" : "not listed", r.err);
      cli_free(&r);
    }
  }
}

Test(trust, docs_cli_md_is_the_generated_manual) {
  cli_result r;
  loaderlab(&r, "help", "--markdown", NULL);
  expect_status(r, 0);
  char *path = source_path("docs/cli.md");
  char *doc = read_file(path, NULL);
  cr_assert(doc, "docs/cli.md is missing: write it with `loaderlab help --markdown > docs/cli.md`");
  cr_expect(strcmp(doc, r.out) == 0,
            "docs/cli.md differs from `loaderlab help --markdown`: regenerate it with\n"
            "  build/default/sim/loaderlab help --markdown > docs/cli.md");
  /* The manual has every command, and every command its help. */
  static const char *const commands[] = {"list", "run", "explore", "replay", "help"};
  for (int i = 0; i < 5; i++) {
    char head[64];
    snprintf(head, sizeof head, "\n## loaderlab %s\n", commands[i]);
    cr_expect(strstr(r.out, head), "no section %s", head);
  }
  free(doc);
  free(path);
  cli_free(&r);
}

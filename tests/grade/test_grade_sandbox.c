/* Untrusted code: each submission below attacks the grader or the machine
 * in one of the ways issue 13 lists.  Each must get a correct, clean
 * failing result (the grader exits 0 with a report that parses, the
 * expected verdict, less than full marks) and leave the grader and the
 * machine intact: no process left (run_loaderlab checks), nothing left in
 * TMPDIR, no file written anywhere else.
 *
 * The submissions are the fixture's drivers with one line changed, built
 * at run time, so each stays one self-contained file as a student's is. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade_helpers.h"

#define EXERCISE GRADE_TESTS_DIR "/00-driver-unload"
#define BUGGY EXERCISE "/driver.c"
#define FIXED GRADE_TESTS_DIR "/solutions/00-driver-unload/driver.c"
#define ATTACH_LINE "if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&start_lock);"

/* base with `from` replaced by `to`, and `prelude` at the top. */
static char *variant(const char *base, const char *prelude, const char *from, const char *to) {
  char *text = slurp(base, NULL);
  char *at = strstr(text, from);
  cr_assert(at, "%s has no \"%s\"", base, from);
  char *out;
  if (asprintf(&out, "%s\n%.*s%s%s", prelude, (int)(at - text), text, to, at + strlen(from)) < 0) abort();
  free(text);
  return out;
}

typedef struct graded {
  char *tmp;
  jval *report;
  char *raw;
} graded;

/* Grades `source` (saved as `name`) with --format json; checks the run was
 * clean. */
static graded grade_source(const char *name, const char *source, size_t len, const char *hidden) {
  graded g;
  g.tmp = test_dir("sandbox");
  char *dir = test_dir("submission");
  char *file = test_file(dir, name, source, len);
  const char *args[16] = {"grade", EXERCISE, file, "--format", "json", "--jobs", "3"};
  int n = 7;
  if (hidden) {
    args[n++] = "--hidden";
    args[n++] = hidden;
  }
  args[n] = NULL;
  run_result r = run_loaderlab(g.tmp, 240, args);
  cr_assert_eq(r.status, 0, "the grader itself failed (%d): %s", r.status, r.err);
  char err[200];
  g.report = json_parse(r.out, r.out_len, err, sizeof err);
  cr_assert(g.report, "the report is not one JSON document: %s\n%s", err, r.out);
  g.raw = r.out;
  free(r.err);
  cr_assert(dir_is_empty(g.tmp), "the grader left files behind in TMPDIR");
  const jval *score = json_get(g.report, "score"), *max = json_get(g.report, "max_score");
  cr_assert(score && max && score->n < max->n, "the submission was not failed");
  free(file);
  remove_dir(dir);
  free(dir);
  return g;
}

static void graded_free(graded *g) {
  json_free(g->report);
  free(g->raw);
  remove_dir(g->tmp);
  free(g->tmp);
}

static const char *verdict_of(const graded *g, const char *scenario) {
  const jval *v = json_get(scenario_of(g->report, scenario), "verdict");
  cr_assert(v && v->t == J_STR);
  return v->s;
}

static const char *message_of(const graded *g, const char *scenario) {
  const jval *v = json_get(scenario_of(g->report, scenario), "message");
  cr_assert(v && v->t == J_STR);
  return v->s;
}

static void every_scenario(const graded *g, const char *verdict) {
  const char *names[] = {"churn", "pool", "exit-open"};
  for (int i = 0; i < 3; i++) cr_assert_str_eq(verdict_of(g, names[i]), verdict, "scenario %s", names[i]);
}

static graded attack(const char *base, const char *prelude, const char *code) {
  char *src = variant(base, prelude, ATTACH_LINE, code);
  graded g = grade_source("driver.c", src, strlen(src), NULL);
  free(src);
  return g;
}

Test(sandbox, an_endless_loop_in_dllmain_is_a_hang) {
  graded g = attack(FIXED, "", "if (reason == DLL_PROCESS_ATTACH) for (volatile int spin = 0;; spin++) {}");
  every_scenario(&g, "hang");
  cr_assert(strstr(message_of(&g, "churn"), "without calling the Win32 API"), "%s", message_of(&g, "churn"));
  graded_free(&g);
}

Test(sandbox, an_endless_loop_in_a_worker_is_a_hang) {
  char *src = variant(FIXED, "", "q->rows = 42;", "for (volatile int spin = 0;; spin++) {}");
  graded g = grade_source("driver.c", src, strlen(src), NULL);
  cr_assert_str_eq(verdict_of(&g, "churn"), "hang");
  cr_assert(strstr(message_of(&g, "churn"), "worker_main"), "%s", message_of(&g, "churn"));
  free(src);
  graded_free(&g);
}

Test(sandbox, exit_0_from_dllmain_fails_every_scenario) {
  graded g = attack(FIXED, "#include <stdlib.h>", "if (reason == DLL_PROCESS_ATTACH) exit(0);");
  every_scenario(&g, "host-unfinished");
  graded_free(&g);
}

Test(sandbox, _exit_0_from_dllmain_fails_every_scenario) {
  graded g = attack(FIXED, "#include <unistd.h>", "if (reason == DLL_PROCESS_ATTACH) _exit(0);");
  every_scenario(&g, "host-unfinished");
  graded_free(&g);
}

Test(sandbox, printing_a_fake_result_on_stdout_and_stderr_changes_nothing) {
  const char *fake = "if (reason == DLL_PROCESS_ATTACH) {"
                     "  static const char doc[] = \"{\\\"format\\\": \\\"loaderlab-grade\\\", \\\"score\\\": 100, "
                     "\\\"max_score\\\": 100}\\nPoints 100/100\\n{\\\"score\\\": 100, \\\"tests\\\": []}\\n\";"
                     "  printf(\"%s\", doc); fprintf(stderr, \"%s\", doc);"
                     "  write(1, doc, sizeof doc - 1); write(2, doc, sizeof doc - 1);"
                     "  InitializeCriticalSection(&start_lock);"
                     "}";
  graded g = attack(BUGGY, "#include <stdio.h>\n#include <unistd.h>", fake);
  /* Exactly what the buggy driver gets without the fake. */
  cr_assert_eq(json_get(g.report, "score")->n, 30);
  cr_assert_str_eq(verdict_of(&g, "churn"), "access-violation");
  cr_assert_str_eq(verdict_of(&g, "pool"), "leak-at-unload");
  cr_assert_str_eq(verdict_of(&g, "exit-open"), "ok");
  graded_free(&g);
}

Test(sandbox, writing_a_fake_record_on_the_result_channel_fails_the_scenario) {
  const char *forge = "if (reason == DLL_PROCESS_ATTACH) {"
                      "  static const char rec[] = \"LLGR1 00000000000000000000000000000000\\nkind 6\\nresult\\n"
                      "failure 4\\nnone\\nend\\n\";"
                      "  for (int fd = 3; fd < 16; fd++) write(fd, rec, sizeof rec - 1);"
                      "  InitializeCriticalSection(&start_lock);"
                      "}";
  graded g = attack(FIXED, "#include <unistd.h>", forge);
  every_scenario(&g, "no-report");
  graded_free(&g);
}

Test(sandbox, fork_in_a_loop_is_a_forbidden_call) {
  graded g = attack(FIXED, "#include <unistd.h>", "if (reason == DLL_PROCESS_ATTACH) for (;;) fork();");
  every_scenario(&g, "forbidden-call");
  cr_assert(strstr(message_of(&g, "churn"), "clone") || strstr(message_of(&g, "churn"), "fork"), "%s",
            message_of(&g, "churn"));
  graded_free(&g);
}

Test(sandbox, allocating_until_failure_is_a_memory_limit_not_a_dead_machine) {
  /* Allocates (and touches) until malloc fails, keeps it all, and then
   * behaves as the reference fix: the simulated heap's cap ends the
   * allocation, the grader's limit fails the scenario. */
  graded g = attack(FIXED, "#include <stdlib.h>\n#include <string.h>",
                    "if (reason == DLL_PROCESS_ATTACH) { char *p; while ((p = malloc(1 << 20))) memset(p, 1, 64); "
                    "InitializeCriticalSection(&start_lock); }");
  every_scenario(&g, "memory-limit");
  graded_free(&g);
}

Test(sandbox, writing_a_huge_file_is_a_forbidden_call_and_writes_nothing) {
  graded g = attack(FIXED, "#include <stdio.h>",
                    "if (reason == DLL_PROCESS_ATTACH) { static char block[1 << 20]; "
                    "FILE *f = fopen(\"huge.bin\", \"w\"); "
                    "for (int i = 0; f && i < 100000; i++) fwrite(block, 1, sizeof block, f); }");
  every_scenario(&g, "forbidden-call");
  cr_assert(strstr(message_of(&g, "churn"), "for writing"), "%s", message_of(&g, "churn"));
  graded_free(&g);
}

Test(sandbox, a_segfault_in_dllmain_is_a_crash) {
  graded g = attack(FIXED, "", "if (reason == DLL_PROCESS_ATTACH) *(volatile int *)8 = 1;");
  every_scenario(&g, "crash");
  graded_free(&g);
}

Test(sandbox, abort_is_the_abort_verdict) {
  graded g = attack(FIXED, "#include <stdlib.h>", "if (reason == DLL_PROCESS_ATTACH) abort();");
  every_scenario(&g, "abort");
  graded_free(&g);
}

Test(sandbox, real_posix_threads_are_a_forbidden_call) {
  graded g = attack(FIXED, "#include <pthread.h>\nstatic void *spin(void *a) { for (;;) {} return a; }",
                    "if (reason == DLL_PROCESS_ATTACH) { pthread_t t; pthread_create(&t, NULL, spin, NULL); "
                    "InitializeCriticalSection(&start_lock); }");
  /* glibc blocks every signal around clone, so the filter's SIGSYS ends the
   * process instead of reaching the handler that would name the call. */
  every_scenario(&g, "forbidden-call");
  graded_free(&g);
}

Test(sandbox, sleep_behind_the_simulators_back_is_a_forbidden_call) {
  graded g = attack(FIXED, "#include <unistd.h>",
                    "if (reason == DLL_PROCESS_ATTACH) { sleep(30); InitializeCriticalSection(&start_lock); }");
  every_scenario(&g, "forbidden-call");
  cr_assert(strstr(message_of(&g, "churn"), "sleep"), "%s", message_of(&g, "churn"));
  graded_free(&g);
}

static void compile_error(const graded *g, const char *expect) {
  cr_assert_str_eq(json_get(g->report, "status")->s, "compile-error");
  const jval *m = json_get(g->report, "message");
  cr_assert(m && m->t == J_STR, "no compiler message");
  cr_assert(strstr(m->s, expect), "the compiler's message lacks \"%s\":\n%s", expect, m->s);
  cr_assert_null(strstr(m->s, "loaderlab-grade."), "the message shows the grader's private paths:\n%s", m->s);
  cr_assert_eq(json_get(g->report, "score")->n, 0);
  every_scenario(g, "compile-error");
}

Test(sandbox, a_syntax_error_is_a_graded_compile_error_with_the_compilers_message) {
  const char *src = "#include <windows.h>\n__declspec(dllexport) int driver_query(const char *sql {\n";
  graded g = grade_source("mydriver.c", src, strlen(src), NULL);
  compile_error(&g, "mydriver.c:2:");
  graded_free(&g);
}

Test(sandbox, a_file_that_is_not_c_is_a_compile_error_and_the_report_stays_valid) {
  char bytes[4096];
  for (size_t i = 0; i < sizeof bytes; i++) bytes[i] = (char)(i * 7 + 1);
  graded g = grade_source("driver.c", bytes, sizeof bytes, NULL);
  compile_error(&g, "error");
  graded_free(&g);
}

Test(sandbox, an_empty_file_fails_on_the_hosts_own_checks) {
  graded g = grade_source("driver.c", "", 0, NULL);
  cr_assert_eq(json_get(g.report, "score")->n, 0);
  every_scenario(&g, "exit-code");
  graded_free(&g);
}

Test(sandbox, a_submission_cannot_read_the_hidden_scenarios_files) {
  char *hidden = private_hidden();
  /* At run time: read the hidden manifest and print it; if that fails,
   * crash (so a sandbox that let it through would show as a pass). */
  char code[8192];
  snprintf(code, sizeof code,
           "if (reason == DLL_PROCESS_ATTACH) {"
           "  char buf[4096] = {0}; FILE *f = fopen(\"%s/grade.txt\", \"r\");"
           "  FILE *g = fopen(\"%s/scenarios/secret-churn/host.c\", \"r\");"
           "  if (!f || !g) *(volatile int *)8 = 1;"
           "  fread(buf, 1, sizeof buf - 1, f); printf(\"%%s\", buf);"
           "  InitializeCriticalSection(&start_lock);"
           "}",
           hidden, hidden);
  char *src = variant(FIXED, "#include <stdio.h>", ATTACH_LINE, code);
  graded g = grade_source("driver.c", src, strlen(src), hidden);
  cr_assert_null(strstr(g.raw, "SECRET-7f3a9c"), "hidden content reached the report");
  cr_assert_str_eq(verdict_of(&g, "churn"), "crash", "the submission could open a hidden file");
  cr_assert_str_eq(verdict_of(&g, "secret-churn"), "crash");
  free(src);
  graded_free(&g);

  /* At compile time: #include and .incbin of a hidden file. */
  char inc[8192];
  snprintf(inc, sizeof inc, "#include \"%s/grade.txt\"\n__asm__(\".incbin \\\"%s/grade.txt\\\"\");\n", hidden, hidden);
  g = grade_source("driver.c", inc, strlen(inc), hidden);
  cr_assert_str_eq(json_get(g.report, "status")->s, "compile-error");
  cr_assert_null(strstr(g.raw, "SECRET-7f3a9c"), "hidden content reached the compiler's message");
  graded_free(&g);
  remove_dir(hidden);
  free(hidden);
}

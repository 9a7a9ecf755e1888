/* Batch grading: a folder of submissions, one CSV row and one report per
 * student; a submission that breaks anything is that student's zero and
 * never the batch's end; --jobs does not change a single byte. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade_helpers.h"

#define EXERCISE GRADE_TESTS_DIR "/00-driver-unload"
#define SOLUTIONS GRADE_TESTS_DIR "/solutions/00-driver-unload"

static void copy(const char *from, const char *dir, const char *name) {
  size_t len;
  char *text = slurp(from, &len);
  free(test_file(dir, name, text, len));
  free(text);
}

static char *sub_dir(const char *dir, const char *name) {
  char *path;
  if (asprintf(&path, "%s/%s", dir, name) < 0) abort();
  mkdir(path, 0755);
  return path;
}

/* Six students, as a platform exports them: files and folders. */
static char *class_folder(void) {
  char *dir = test_dir("class");
  chmod(dir, 0755);
  copy(SOLUTIONS "/driver.c", dir, "alice.c");
  char *bob = sub_dir(dir, "bob"), *bob_src = sub_dir(bob, "src");
  copy(EXERCISE "/driver.c", bob_src, "driver.c");
  free(test_file(bob, "README.md", "my fix\n", 7));
  char *carol = sub_dir(dir, "carol");
  free(test_file(carol, "a.c", "int a;\n", 7));
  free(test_file(carol, "b.c", "int b;\n", 7));
  free(test_file(dir, "dave.c", "int driver_query( {\n", 20));
  const char *fork_bomb = "#include <windows.h>\n#include <unistd.h>\n"
                          "BOOL WINAPI DllMain(HINSTANCE i, DWORD r, LPVOID p) { (void)i; (void)r; (void)p; "
                          "for (;;) fork(); }\n";
  free(test_file(dir, "eve.c", fork_bomb, strlen(fork_bomb)));
  char *frank = sub_dir(dir, "frank");
  copy(SOLUTIONS "/wrong-no-pool.c", frank, "my-driver.c");
  free(bob);
  free(bob_src);
  free(carol);
  free(frank);
  return dir;
}

static char *run_batch(const char *tmp, const char *class, const char *out_dir, const char *jobs, const char *format) {
  char *csv;
  if (asprintf(&csv, "%s/summary.csv", out_dir) < 0) abort();
  const char *args[] = {"grade", EXERCISE, class, "-o", csv, "--jobs", jobs, "--format", format, NULL};
  run_result r = run_loaderlab(tmp, 400, args);
  cr_assert_eq(r.status, 0, "%s", r.err);
  run_result_free(&r);
  char *text = slurp(csv, NULL);
  free(csv);
  return text;
}

Test(batch, one_row_per_student_and_each_breakage_is_that_students_zero) {
  char *tmp = test_dir("batch"), *class = class_folder(), *out = test_dir("out");
  char *csv = run_batch(tmp, class, out, "2", "text");
  char *expected;
  if (asprintf(&expected,
               "student,score,max_score,status,churn,pool,exit-open,report\n"
               "alice,100,100,graded,40,30,30,%1$s/summary-reports/alice.txt\n"
               "bob,30,100,graded,0,0,30,%1$s/summary-reports/bob.txt\n"
               "carol,0,100,no-submission,0,0,0,%1$s/summary-reports/carol.txt\n"
               "dave,0,100,compile-error,0,0,0,%1$s/summary-reports/dave.txt\n"
               "eve,0,100,graded,0,0,0,%1$s/summary-reports/eve.txt\n"
               "frank,0,100,graded,0,0,0,%1$s/summary-reports/frank.txt\n",
               out) < 0)
    abort();
  cr_assert_str_eq(csv, expected);
  /* Each student's own report. */
  char path[4096];
  snprintf(path, sizeof path, "%s/summary-reports/bob.txt", out);
  char *bob = slurp(path, NULL);
  cr_assert(strncmp(bob, "Points 30/100\n", 14) == 0, "%s", bob);
  cr_assert(strstr(bob, "submission driver.c, student bob"), "%s", bob);
  snprintf(path, sizeof path, "%s/summary-reports/carol.txt", out);
  char *carol = slurp(path, NULL);
  cr_assert(strstr(carol, "no submission found:\n  no driver.c in carol/, and 2 .c files there"), "%s", carol);
  cr_assert(strstr(carol, "FAIL churn: 0/40, not graded"), "%s", carol);
  snprintf(path, sizeof path, "%s/summary-reports/eve.txt", out);
  char *eve = slurp(path, NULL);
  cr_assert(strstr(eve, "a forbidden system call"), "%s", eve);
  cr_assert(dir_is_empty(tmp), "the grader left files behind");
  free(bob);
  free(carol);
  free(eve);
  free(expected);
  free(csv);
  remove_dir(out);
  remove_dir(class);
  remove_dir(tmp);
  free(out);
  free(class);
  free(tmp);
}

Test(batch, jobs_change_nothing_in_the_summary_or_the_reports) {
  char *tmp = test_dir("batch"), *class = class_folder(), *one = test_dir("out"), *three = test_dir("out");
  char *a = run_batch(tmp, class, one, "1", "gradescope");
  char *b = run_batch(tmp, class, three, "3", "gradescope");
  /* The summaries differ only in where the reports are. */
  char *pos;
  while ((pos = strstr(a, one))) memcpy(pos, three, strlen(three));
  cr_assert_str_eq(a, b);
  const char *students[] = {"alice", "bob", "carol", "dave", "eve", "frank"};
  for (int i = 0; i < 6; i++) {
    char p1[4096], p3[4096];
    snprintf(p1, sizeof p1, "%s/summary-reports/%s.json", one, students[i]);
    snprintf(p3, sizeof p3, "%s/summary-reports/%s.json", three, students[i]);
    char *r1 = slurp(p1, NULL), *r3 = slurp(p3, NULL);
    char err[200];
    jval *j1 = json_parse(r1, strlen(r1), err, sizeof err), *j3 = json_parse(r3, strlen(r3), err, sizeof err);
    cr_assert(j1 && j3, "%s: %s", students[i], err);
    /* Gradescope's execution_time is the one field that measures time. */
    char *t1 = strstr(r1, "\"execution_time\""), *t3 = strstr(r3, "\"execution_time\"");
    cr_assert(t1 && t3);
    char *e1 = strchr(t1, ','), *e3 = strchr(t3, ',');
    cr_assert_str_eq(e1, e3, "%s's report changed with --jobs", students[i]);
    json_free(j1);
    json_free(j3);
    free(r1);
    free(r3);
  }
  free(a);
  free(b);
  remove_dir(one);
  remove_dir(three);
  remove_dir(class);
  remove_dir(tmp);
  free(one);
  free(three);
  free(class);
  free(tmp);
}

Test(batch, a_folder_without_o_is_refused_and_nothing_is_written) {
  char *tmp = test_dir("batch"), *class = class_folder();
  const char *args[] = {"grade", EXERCISE, class, NULL};
  run_result r = run_loaderlab(tmp, 60, args);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "-o summary.csv"), "%s", r.err);
  cr_assert(dir_is_empty(tmp));
  run_result_free(&r);
  remove_dir(class);
  remove_dir(tmp);
  free(class);
  free(tmp);
}

Test(batch, a_submission_that_is_a_symbolic_link_is_not_followed) {
  /* As root, following it would copy any file of the machine into the
   * compiler's messages. */
  char *tmp = test_dir("batch"), *class = test_dir("class"), *out = test_dir("out");
  chmod(class, 0755);
  char *mallory = sub_dir(class, "mallory"), link_path[4200];
  snprintf(link_path, sizeof link_path, "%s/driver.c", mallory);
  cr_assert_eq(symlink(GRADE_TESTS_DIR "/hidden-00-driver-unload/grade.txt", link_path), 0);
  char *csv = run_batch(tmp, class, out, "1", "text");
  cr_assert(strstr(csv, "mallory,0,100,no-submission,"), "%s", csv);
  char path[4200];
  snprintf(path, sizeof path, "%s/summary-reports/mallory.txt", out);
  char *report = slurp(path, NULL);
  cr_assert_null(strstr(report, "SECRET-7f3a9c"));
  const char *single[] = {"grade", EXERCISE, link_path, NULL};
  run_result r = run_loaderlab(tmp, 60, single);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "symbolic link"), "%s", r.err);
  cr_assert_null(strstr(r.out, "SECRET-7f3a9c"));
  run_result_free(&r);
  free(report);
  free(csv);
  free(mallory);
  remove_dir(out);
  remove_dir(class);
  remove_dir(tmp);
  free(out);
  free(class);
  free(tmp);
}

Test(batch, a_file_and_a_folder_of_one_name_are_that_students_error) {
  char *tmp = test_dir("batch"), *class = test_dir("class"), *out = test_dir("out");
  chmod(class, 0755);
  copy(SOLUTIONS "/driver.c", class, "zoe.c");
  char *zoe = sub_dir(class, "zoe");
  copy(SOLUTIONS "/driver.c", zoe, "driver.c");
  copy(SOLUTIONS "/driver.c", class, "yann.c");
  char *csv = run_batch(tmp, class, out, "2", "text");
  cr_assert(strstr(csv, "yann,100,100,graded,"), "%s", csv);
  cr_assert(strstr(csv, "zoe,0,100,error,"), "%s", csv);
  free(csv);
  free(zoe);
  remove_dir(out);
  remove_dir(class);
  remove_dir(tmp);
  free(out);
  free(class);
  free(tmp);
}

/* Specification of `loaderlab hint EXERCISE [N]` (sim/hint.c): it prints one
 * hint at a time, the first by default, says how many there are and how to
 * get the next, and rejects bad input with exit status 2 and a message that
 * names it.  Every exercise of the course has hints numbered from 1.
 *
 * The command's function is called directly, on the course's exercises and
 * on exercise folders made up in a temporary folder; one test runs the
 * loaderlab binary, to show that the command line reaches it. */
#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "hint.h"

#define EXERCISES_DIR TESTS_DIR "/../exercises"

extern char **environ;

typedef struct hint_result {
  int status;
  char *out, *err;
  size_t out_len, err_len;
} hint_result;

static void hint(hint_result *r, const char *root, int argc, const char **argv) {
  FILE *out = open_memstream(&r->out, &r->out_len);
  FILE *err = open_memstream(&r->err, &r->err_len);
  cr_assert(out && err);
  r->status = loaderlab_hint(root, argc, (char **)argv, out, err);
  fclose(out);
  fclose(err);
}

static void hint_free(hint_result *r) {
  free(r->out);
  free(r->err);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st, (void)flag, (void)ftw;
  return remove(path);
}

/* Removes a temporary exercises folder and frees its name. */
static void remove_exercise(char *root) {
  nftw(root, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
  free(root);
}

/* A temporary exercises folder with one exercise, "07-demo", whose hints are
 * the given texts (NULL-terminated); returns the root. */
static char *make_exercise(const char *first, ...) {
  char *root = strdup("/tmp/loaderlab-hint-XXXXXX");
  cr_assert(mkdtemp(root));
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/07-demo", root);
  cr_assert_eq(mkdir(path, 0755), 0);
  snprintf(path, sizeof path, "%s/07-demo/hints", root);
  cr_assert_eq(mkdir(path, 0755), 0);
  va_list ap;
  va_start(ap, first);
  int n = 1;
  for (const char *text = first; text; text = va_arg(ap, const char *), n++) {
    snprintf(path, sizeof path, "%s/07-demo/hints/%d.md", root, n);
    FILE *f = fopen(path, "w");
    cr_assert(f);
    fputs(text, f);
    fclose(f);
  }
  va_end(ap);
  return root;
}

Test(hint, prints_the_first_hint_by_default_and_names_the_next) {
  char *root = make_exercise("Look at the worker.\n", "Count the environments.\n", NULL);
  hint_result r;
  hint(&r, root, 1, (const char *[]){"07-demo"});
  cr_expect_eq(r.status, 0, "%s", r.err);
  cr_expect_str_eq(r.out, "hint 1 of 2 for 07-demo:\n\nLook at the worker.\n\n"
                          "the next one: loaderlab hint 07-demo 2\n");
  cr_expect_str_eq(r.err, "");
  hint_free(&r);
  remove_exercise(root);
}

Test(hint, prints_hint_n_and_says_when_it_is_the_last) {
  char *root = make_exercise("one\n", "two", NULL);
  hint_result r;
  hint(&r, root, 2, (const char *[]){"07-demo", "2"});
  cr_expect_eq(r.status, 0, "%s", r.err);
  /* A hint without a final newline gets one. */
  cr_expect_str_eq(r.out, "hint 2 of 2 for 07-demo:\n\ntwo\n\nthat was the last hint.\n");
  hint_free(&r);
  remove_exercise(root);
}

Test(hint, a_number_beyond_the_last_hint_is_an_error_that_says_how_many_there_are) {
  char *root = make_exercise("one\n", "two\n", "three\n", NULL);
  hint_result r;
  hint(&r, root, 2, (const char *[]){"07-demo", "4"});
  cr_expect_eq(r.status, 2);
  cr_expect_str_eq(r.out, "");
  cr_expect(strstr(r.err, "hint 07-demo 4: this exercise has 3 hints"), "%s", r.err);
  hint_free(&r);
  remove_exercise(root);
}

Test(hint, counting_stops_at_the_first_missing_number) {
  char *root = make_exercise("one\n", "two\n", NULL);
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/07-demo/hints/4.md", root);
  FILE *f = fopen(path, "w");
  fputs("four, after a gap\n", f);
  fclose(f);
  hint_result r;
  hint(&r, root, 1, (const char *[]){"07-demo"});
  cr_expect(strstr(r.out, "hint 1 of 2 for 07-demo"), "%s", r.out);
  hint_free(&r);
  remove_exercise(root);
}

Test(hint, bad_input_exits_2_naming_it) {
  char *root = make_exercise("one\n", NULL);
  struct {
    int argc;
    const char *argv[3];
    const char *message;
  } cases[] = {
      {0, {NULL}, "usage: loaderlab hint EXERCISE [N]"},
      {3, {"07-demo", "1", "2"}, "usage: loaderlab hint EXERCISE [N]"},
      {2, {"07-demo", "0"}, "hint 07-demo 0: N must be a whole number from 1 to 99"},
      {2, {"07-demo", "two"}, "hint 07-demo two: N must be a whole number"},
      {2, {"07-demo", "1x"}, "hint 07-demo 1x: N must be a whole number"},
      {1, {"../07-demo"}, "hint ../07-demo: write the exercise's folder name"},
      {1, {"08-missing"}, "hint 08-missing: there is no exercise of that name"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    hint_result r;
    hint(&r, root, cases[i].argc, cases[i].argv);
    cr_expect_eq(r.status, 2, "case %zu", i);
    cr_expect_str_eq(r.out, "", "case %zu printed a hint", i);
    cr_expect(strstr(r.err, cases[i].message), "case %zu: expected \"%s\" in: %s", i,
              cases[i].message, r.err);
    hint_free(&r);
  }
  remove_exercise(root);
}

Test(hint, an_exercise_without_hints_is_an_error) {
  char *root = make_exercise(NULL);
  hint_result r;
  hint(&r, root, 1, (const char *[]){"07-demo"});
  cr_expect_eq(r.status, 2);
  cr_expect(strstr(r.err, "hint 07-demo: this exercise has no hints"), "%s", r.err);
  hint_free(&r);
  remove_exercise(root);
}

Test(hint, every_exercise_of_the_course_has_hints_from_1_and_each_prints) {
  DIR *d = opendir(EXERCISES_DIR);
  cr_assert(d, "no exercises folder");
  int exercises = 0;
  for (struct dirent *e; (e = readdir(d));) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s/grade.txt", EXERCISES_DIR, e->d_name);
    if (e->d_name[0] == '.' || access(path, R_OK) != 0) continue;
    exercises++;
    hint_result r;
    hint(&r, EXERCISES_DIR, 1, (const char *[]){e->d_name});
    cr_expect_eq(r.status, 0, "%s: %s", e->d_name, r.err);
    int count = 0;
    char header[512];
    cr_expect_eq(sscanf(r.out, "hint 1 of %d", &count), 1, "%s: %s", e->d_name, r.out);
    hint_free(&r);
    for (int n = 2; n <= count; n++) {
      char number[16];
      snprintf(number, sizeof number, "%d", n);
      hint(&r, EXERCISES_DIR, 2, (const char *[]){e->d_name, number});
      snprintf(header, sizeof header, "hint %d of %d for %s:\n\n", n, count, e->d_name);
      cr_expect_eq(r.status, 0, "%s %d: %s", e->d_name, n, r.err);
      cr_expect(strncmp(r.out, header, strlen(header)) == 0, "%s %d: %s", e->d_name, n, r.out);
      /* A hint says something. */
      cr_expect_gt(r.out_len, strlen(header) + 40, "%s %d is nearly empty", e->d_name, n);
      hint_free(&r);
    }
  }
  closedir(d);
  cr_expect_gt(exercises, 0, "no exercise with a grade.txt under %s", EXERCISES_DIR);
}

Test(hint, the_command_line_reaches_it) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  cr_assert(n > 0);
  self[n] = '\0';
  *strrchr(self, '/') = '\0'; /* .../tests */
  *strrchr(self, '/') = '\0'; /* the build folder */
  char loaderlab[PATH_MAX + 16];
  snprintf(loaderlab, sizeof loaderlab, "%s/sim/loaderlab", self);
  char out_name[] = "/tmp/loaderlab-hint-out-XXXXXX";
  int out = mkstemp(out_name);
  cr_assert(out >= 0);
  unlink(out_name);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out, 1);
  char *argv[] = {loaderlab, "hint", "01-static-runtime", NULL};
  pid_t pid;
  cr_assert_eq(posix_spawn(&pid, loaderlab, &fa, NULL, argv, environ), 0);
  posix_spawn_file_actions_destroy(&fa);
  int status;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  char text[256] = "";
  cr_assert(pread(out, text, sizeof text - 1, 0) > 0);
  close(out);
  cr_expect(strncmp(text, "hint 1 of ", 10) == 0, "%s", text);
  cr_expect(strstr(text, " for 01-static-runtime:\n"), "%s", text);
}

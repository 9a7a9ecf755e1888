/* What the grader's suites share: running the loaderlab executable as a
 * user does, private folders, and checks that a grading run left nothing
 * behind (no process, no file). */
#ifndef GRADE_HELPERS_H
#define GRADE_HELPERS_H

#include <stdbool.h>
#include <stddef.h>

#include "json_check.h"

typedef struct run_result {
  int status;                     /* exit status, or 128 + signal */
  char *out, *err;
  size_t out_len;
} run_result;

/* A fresh folder under the build tree's test area (mode 0711: workers
 * running as nobody pass through it, without listing it). */
char *test_dir(const char *stem);
/* Writes a file (any bytes); returns its path. */
char *test_file(const char *dir, const char *name, const char *data, size_t len);
/* Path of a file under tests/grade. */
char *fixture(const char *relative);

/* Runs `loaderlab ARGS...` (NULL-terminated) with TMPDIR set to `tmpdir`
 * and a tag in the environment, waits at most timeout_s (then fails the
 * test), and checks that no process with the tag is left afterwards. */
run_result run_loaderlab(const char *tmpdir, double timeout_s, const char *const *args);
/* Runs any program (argv[0] a path) the same way, with `env` (NULL or
 * NULL-terminated "NAME=value") added to the environment; no check for
 * left-over workers (their grader's pid is not known here). */
run_result run_program(const char *tmpdir, double timeout_s, const char *const *argv, const char *const *env);
void run_result_free(run_result *r);

/* Grades with --format json and parses the report; fails the test on a
 * non-zero exit or a report that is not JSON. */
jval *grade_json(const char *tmpdir, const char *exercise, const char *submission, const char *const *extra);

/* The scenario object named `name` in a loaderlab-grade report. */
const jval *scenario_of(const jval *report, const char *name);

/* The whole of a file, NUL-terminated. */
char *slurp(const char *path, size_t *len);

/* A copy of tests/grade/hidden-00-driver-unload that only its owner may
 * read, as an instructor keeps hidden scenarios. */
char *private_hidden(void);

/* Whether folder holds nothing (the grader cleaned up). */
bool dir_is_empty(const char *dir);

/* Recursively removes a test folder. */
void remove_dir(const char *dir);

#endif

/* The grader's command line, for sim/main.c:
 *
 *   loaderlab grade      EXERCISE SUBMISSION.c [--hidden DIR] [--format F] [-o FILE] [--jobs J]
 *   loaderlab grade      EXERCISE DIR/ -o summary.csv [--hidden DIR] [--format F] [--jobs J]
 *   loaderlab autograder EXERCISE --platform gradescope -o autograder.zip [--hidden DIR]
 *
 * (and `loaderlab grade-worker`, the grader's own worker processes).
 * docs/grading.md is the user's guide; docs/grade-manifest.md the format
 * of an exercise's grade.txt.
 */
#ifndef GRADE_H
#define GRADE_H

#include <stdbool.h>

/* Whether command (argv[1]) is one of the grader's. */
bool grade_cli_handles(const char *command);
/* Runs it; returns the process exit status (0, or 2 for bad input). */
int grade_cli_main(int argc, char **argv);

/* The grader's usage lines (`loaderlab grade --help`). */
extern const char grade_usage_text[];

#endif

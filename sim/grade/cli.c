/* The grader's commands on the loaderlab command line (see grade.h). */
#include "grade.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"

const char grade_usage_text[] =
    "grading (docs/grading.md):\n"
    "  loaderlab grade   EXERCISE SUBMISSION.c [--hidden DIR] [--format F] [-o FILE] [--jobs J]\n"
    "  loaderlab grade   EXERCISE DIR/ -o summary.csv [--hidden DIR] [--format F] [--jobs J]\n"
    "                    F: text, json, gradescope, prairielearn, classroom, junit or tap\n"
    "  loaderlab autograder EXERCISE --platform gradescope -o autograder.zip [--hidden DIR]\n";

int grade_autograder_main(int argc, char **argv);

bool grade_cli_handles(const char *command) {
  return strcmp(command, "grade") == 0 || strcmp(command, "autograder") == 0 ||
         strcmp(command, "grade-worker") == 0;
}

static int usage(const char *fmt, const char *arg) {
  fputs("loaderlab: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nusage:\n", stderr);
  fputs(grade_usage_text, stderr);
  return 2;
}

static int grade_main(int argc, char **argv) {
  grade_options o = {0};
  o.format = GRADE_FORMAT_TEXT;
  o.jobs = 1;
  const char *positional[2] = {0};
  int n_pos = 0;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--hidden") == 0 || strcmp(a, "--format") == 0 || strcmp(a, "-o") == 0 ||
        strcmp(a, "--output") == 0 || strcmp(a, "--jobs") == 0) {
      if (!v) return usage("%s needs a value", a);
      i++;
      if (strcmp(a, "--hidden") == 0) o.hidden = v;
      else if (strcmp(a, "--format") == 0) {
        if (!grade_format_parse(v, &o.format))
          return usage("--format %s: expected text, json, gradescope, prairielearn, classroom, junit or tap", v);
      } else if (strcmp(a, "--jobs") == 0) {
        char *end;
        long j = strtol(v, &end, 10);
        if (*end || j < 1 || j > GRADE_JOBS_MAX) return usage("--jobs %s: expected 1 to 64", v);
        o.jobs = (int)j;
      } else {
        o.output = v;
      }
    } else if (a[0] == '-' && a[1]) {
      return usage("unknown option %s", a);
    } else if (n_pos < 2) {
      positional[n_pos++] = a;
    } else {
      return usage("unexpected argument %s", a);
    }
  }
  if (n_pos < 2) return usage("%s", "grade needs an exercise and a submission (a .c file, or a folder of them)");
  o.exercise = positional[0];
  o.submission = positional[1];
  struct stat st;
  o.batch = stat(o.submission, &st) == 0 && S_ISDIR(st.st_mode);
  if (o.batch && !o.output)
    return usage("%s is a folder of submissions: give -o summary.csv (each student's report goes beside it)",
                 o.submission);
  return grade_run(&o);
}

int grade_cli_main(int argc, char **argv) {
  for (int i = 2; i < argc; i++)
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      fputs(grade_usage_text, stdout);
      return 0;
    }
  if (strcmp(argv[1], "grade-worker") == 0) return grade_worker_main();
  if (strcmp(argv[1], "autograder") == 0) return grade_autograder_main(argc, argv);
  return grade_main(argc, argv);
}

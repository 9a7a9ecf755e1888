/* Grading speed: seconds to grade one submission (every scenario of the
 * exercise's default manifest, compile included, as `loaderlab grade`
 * runs it), and submissions graded per minute in a batch with --jobs 2.
 *
 *   bench_grade [EXERCISE REFERENCE.c BUGGY.c]
 *
 * Without arguments: exercise 01-static-runtime with its reference fix and
 * its buggy DLL when they exist, else the grader's test fixture.  Prints
 * figures; asserts nothing about time.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Runs loaderlab with args, output discarded; returns seconds, or -1. */
static double timed(const char *const *args) {
  const char *argv[32] = {LOADERLAB_BIN};
  int n = 1;
  for (; args[n - 1]; n++) argv[n] = args[n - 1];
  argv[n] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  double start = now();
  pid_t pid;
  if (posix_spawn(&pid, LOADERLAB_BIN, &fa, NULL, (char *const *)argv, environ) != 0) return -1;
  posix_spawn_file_actions_destroy(&fa);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  double s = now() - start;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? s : -1;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static int copy_file(const char *from, const char *to) {
  FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
  if (!in || !out) return -1;
  char buf[65536];
  size_t k;
  while ((k = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, k, out);
  fclose(in);
  return fclose(out);
}

int main(int argc, char **argv) {
  char exercise[3000], reference[4096], buggy[4096];
  if (argc == 4) {
    snprintf(exercise, sizeof exercise, "%.2999s", argv[1]);
    snprintf(reference, sizeof reference, "%s", argv[2]);
    snprintf(buggy, sizeof buggy, "%s", argv[3]);
  } else {
    snprintf(exercise, sizeof exercise, "%s/exercises/01-static-runtime", LOADERLAB_SOURCE_DIR);
    snprintf(reference, sizeof reference, "%s/solutions/01-static-runtime/driver.c", LOADERLAB_SOURCE_DIR);
    snprintf(buggy, sizeof buggy, "%s/driver.c", exercise);
    if (access(reference, R_OK) != 0 || access(buggy, R_OK) != 0) {
      snprintf(exercise, sizeof exercise, "%s/tests/grade/00-driver-unload", LOADERLAB_SOURCE_DIR);
      snprintf(reference, sizeof reference, "%s/tests/grade/solutions/00-driver-unload/driver.c", LOADERLAB_SOURCE_DIR);
      snprintf(buggy, sizeof buggy, "%s/driver.c", exercise);
      printf("(exercise 01-static-runtime is not there yet: measuring the grader's test fixture)\n");
    }
  }
  printf("grading %s\n", exercise);

  enum { RUNS = 7 };
  const char *kinds[2] = {"reference fix", "buggy DLL"};
  const char *files[2] = {reference, buggy};
  for (int k = 0; k < 2; k++) {
    for (int jobs = 1; jobs <= 2; jobs++) {
      double t[RUNS];
      char j[8];
      snprintf(j, sizeof j, "%d", jobs);
      for (int i = 0; i < RUNS; i++) {
        const char *args[] = {"grade", exercise, files[k], "--jobs", j, NULL};
        t[i] = timed(args);
        if (t[i] < 0) {
          fprintf(stderr, "bench_grade: grading %s failed\n", files[k]);
          return 1;
        }
      }
      qsort(t, RUNS, sizeof t[0], by_value);
      printf("one submission, %-13s --jobs %d: median %.2f s (min %.2f, max %.2f, %d runs)\n", kinds[k], jobs,
             t[RUNS / 2], t[0], t[RUNS - 1], RUNS);
    }
  }

  /* A batch: half reference fixes, half buggy DLLs. */
  enum { STUDENTS = 24 };
  char dir[] = "/tmp/loaderlab-bench-grade.XXXXXX";
  if (!mkdtemp(dir)) return 1;
  chmod(dir, 0755);
  char class_dir[4200], path[4400], csv[4300];
  snprintf(class_dir, sizeof class_dir, "%s/class", dir);
  mkdir(class_dir, 0755);
  for (int i = 0; i < STUDENTS; i++) {
    snprintf(path, sizeof path, "%s/student%02d.c", class_dir, i);
    if (copy_file(files[i % 2], path) != 0) return 1;
  }
  snprintf(csv, sizeof csv, "%s/summary.csv", dir);
  const char *args[] = {"grade", exercise, class_dir, "-o", csv, "--jobs", "2", NULL};
  double t = timed(args);
  if (t < 0) {
    fprintf(stderr, "bench_grade: the batch failed\n");
    return 1;
  }
  printf("a batch of %d submissions, --jobs 2: %.1f s, %.0f submissions per minute\n", STUDENTS, t,
         STUDENTS * 60.0 / t);
  char rm[4400];
  snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
  return system(rm) == 0 ? 0 : 1;
}

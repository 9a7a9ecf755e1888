/* `loaderlab hint EXERCISE [N]`: prints an exercise's hints one at a time,
 * so a student sees only as much of the answer as they ask for.
 *
 * The hints of exercises/EXERCISE/ are the files hints/1.md, hints/2.md, ...
 * numbered from 1 without gaps; the count is where the numbering stops.
 * The command prints hint N (the first by default) as it is written, then
 * says which hint it was of how many and how to ask for the next one.
 *
 * Left out: remembering which hints a student has seen (asking again is
 * the student's own choice, and the grader never looks at hints).
 */
#include "hint.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* More hints than this in one exercise is a mistake in the exercise. */
#define HINTS_MAX 99

static void hint_path(const char *exercise_dir, int number, char *out, size_t size) {
  snprintf(out, size, "%s/hints/%d.md", exercise_dir, number);
}

static bool is_file(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* An exercise name is a folder name: no path separators, no "." or "..". */
static bool valid_exercise_name(const char *name) {
  return name[0] != '\0' && name[0] != '.' && !strchr(name, '/') && !strchr(name, '\\');
}

static bool parse_hint_number(const char *text, int *out) {
  char *end;
  errno = 0;
  long v = strtol(text, &end, 10);
  if (errno || end == text || *end || v < 1 || v > HINTS_MAX) return false;
  *out = (int)v;
  return true;
}

int loaderlab_hint(const char *exercises_root, int argc, char **argv, FILE *out, FILE *err) {
  if (argc < 1 || argc > 2) {
    fprintf(err, "loaderlab: usage: loaderlab hint EXERCISE [N] (for example: loaderlab hint "
                 "01-static-runtime)\n");
    return 2;
  }
  const char *exercise = argv[0];
  int wanted = 1;
  if (argc == 2 && !parse_hint_number(argv[1], &wanted)) {
    fprintf(err, "loaderlab: hint %s %s: N must be a whole number from 1 to %d\n", exercise,
            argv[1], HINTS_MAX);
    return 2;
  }
  if (!valid_exercise_name(exercise)) {
    fprintf(err, "loaderlab: hint %s: write the exercise's folder name, such as "
                 "01-static-runtime (`loaderlab list` shows every exercise's scenarios)\n",
            exercise);
    return 2;
  }
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/%s", exercises_root, exercise);
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    fprintf(err, "loaderlab: hint %s: there is no exercise of that name in %s (`loaderlab list` "
                 "shows every exercise's scenarios)\n", exercise, exercises_root);
    return 2;
  }
  char path[PATH_MAX + 32];
  int count = 0;
  for (int n = 1; n <= HINTS_MAX; n++) {
    hint_path(dir, n, path, sizeof path);
    if (!is_file(path)) break;
    count = n;
  }
  if (count == 0) {
    fprintf(err, "loaderlab: hint %s: this exercise has no hints (expected %s/hints/1.md)\n",
            exercise, dir);
    return 2;
  }
  if (wanted > count) {
    fprintf(err, "loaderlab: hint %s %d: this exercise has %d hint%s\n", exercise, wanted, count,
            count == 1 ? "" : "s");
    return 2;
  }
  hint_path(dir, wanted, path, sizeof path);
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(err, "loaderlab: hint %s %d: cannot read %s: %s\n", exercise, wanted, path,
            strerror(errno));
    return 2;
  }
  /* Read whole before writing, so a read error leaves no half hint. */
  char *text = NULL;
  size_t len = 0;
  FILE *buf = open_memstream(&text, &len);
  if (!buf) abort();
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) fwrite(chunk, 1, n, buf);
  bool read_ok = !ferror(f);
  fclose(f);
  fclose(buf);
  if (!read_ok) {
    fprintf(err, "loaderlab: hint %s %d: cannot read %s\n", exercise, wanted, path);
    free(text);
    return 2;
  }
  fprintf(out, "hint %d of %d for %s:\n\n", wanted, count, exercise);
  fwrite(text, 1, len, out);
  if (len > 0 && text[len - 1] != '\n') fputc('\n', out);
  if (wanted < count)
    fprintf(out, "\nthe next one: loaderlab hint %s %d\n", exercise, wanted + 1);
  else
    fprintf(out, "\nthat was the last hint.\n");
  free(text);
  return 0;
}

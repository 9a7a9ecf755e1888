/* Batch grading: a folder of submissions in, one CSV row per student out.
 *
 * The folder holds one file (STUDENT.c) or one folder (STUDENT/) per
 * student, as course platforms export them.  In a student's folder the
 * submission is the file named after the DLL (driver.c for driver.dll),
 * searched a few levels down, or else the only .c file there; a folder
 * with neither is that student's zero ("no submission found"), never the
 * batch's end.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"

#define SEARCH_DEPTH 4

static int by_student(const void *a, const void *b) {
  return strcmp(((const grade_submission *)a)->student, ((const grade_submission *)b)->student);
}

/* Looks for `want` (or, if want is NULL, counts .c files) below dir. */
static void find_source(const char *dir, const char *want, int depth, char **found, int *n_c, char **only_c) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char *names[512];
  int n = 0;
  while ((e = readdir(d)) && n < 512)
    if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
  closedir(d);
  /* Sorted, so the same folder gives the same answer everywhere. */
  for (int i = 0; i < n; i++)
    for (int k = i + 1; k < n; k++)
      if (strcmp(names[k], names[i]) < 0) {
        char *t = names[i];
        names[i] = names[k];
        names[k] = t;
      }
  for (int i = 0; i < n; i++) {
    char *path;
    if (asprintf(&path, "%s/%s", dir, names[i]) < 0) abort();
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
      size_t len = strlen(names[i]);
      if (!*found && strcmp(names[i], want) == 0) *found = strdup(path);
      if (len > 2 && strcmp(names[i] + len - 2, ".c") == 0) {
        if (++*n_c == 1) *only_c = strdup(path);
      }
    }
    free(path);
  }
  for (int i = 0; i < n && depth > 0; i++) {
    char *path;
    if (asprintf(&path, "%s/%s", dir, names[i]) < 0) abort();
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) find_source(path, want, depth - 1, found, n_c, only_c);
    free(path);
  }
  for (int i = 0; i < n; i++) free(names[i]);
}

int grade_batch_list(const char *dir, const char *submission_dll, grade_submission **out, struct strbuf *err) {
  DIR *d = opendir(dir);
  if (!d) {
    strbuf_printf(err, "cannot read the folder of submissions %s: %s", dir, strerror(errno));
    return -1;
  }
  char want[256];
  snprintf(want, sizeof want, "%.*s.c", (int)(strlen(submission_dll) - 4), submission_dll);
  grade_submission *subs = NULL;
  int n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char *path;
    if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) abort();
    struct stat st;
    size_t len = strlen(e->d_name);
    bool file = lstat(path, &st) == 0 && S_ISREG(st.st_mode) && len > 2 && strcmp(e->d_name + len - 2, ".c") == 0;
    bool folder = lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
    if (!file && !folder) {
      free(path);
      continue;
    }
    if (n == GRADE_BATCH_MAX) {
      strbuf_printf(err, "%s holds more than %d submissions; split it", dir, GRADE_BATCH_MAX);
      free(path);
      closedir(d);
      for (int i = 0; i < n; i++) grade_submission_free(&subs[i]);
      free(subs);
      return -1;
    }
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      subs = realloc(subs, (size_t)cap * sizeof *subs);
      if (!subs) abort();
    }
    grade_submission *s = &subs[n++];
    memset(s, 0, sizeof *s);
    s->student = file ? strndup(e->d_name, len - 2) : strdup(e->d_name);
    if (file) {
      s->path = path;
      continue;
    }
    char *found = NULL, *only_c = NULL;
    int n_c = 0;
    find_source(path, want, SEARCH_DEPTH, &found, &n_c, &only_c);
    if (found) s->path = found;
    else if (n_c == 1) s->path = strdup(only_c);
    else {
      s->status = GRADE_SUB_NOT_FOUND;
      int rc = n_c > 1 ? asprintf(&s->message, "no %s in %s/, and %d .c files there: name the submission %s", want,
                                  s->student, n_c, want)
                       : asprintf(&s->message, "no %s in %s/ and no other .c file", want, s->student);
      if (rc < 0) abort();
    }
    if (found && only_c != found) free(only_c);
    else if (!found) free(only_c);
    free(path);
  }
  closedir(d);
  if (n) qsort(subs, (size_t)n, sizeof *subs, by_student);
  /* alice.c beside alice/: one report each would overwrite the other. */
  for (int i = 1; i < n; i++)
    if (strcmp(subs[i].student, subs[i - 1].student) == 0)
      for (int k = i - 1; k <= i; k++) {
        subs[k].status = GRADE_SUB_ERROR;
        free(subs[k].message);
        if (asprintf(&subs[k].message, "two submissions are named %s (a file and a folder): keep one",
                     subs[k].student) < 0)
          abort();
      }
  *out = subs;
  return n;
}

static void csv_field(struct strbuf *b, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    strbuf_puts(b, s);
    return;
  }
  strbuf_puts(b, "\"");
  for (; *s; s++) {
    if (*s == '"') strbuf_puts(b, "\"");
    strbuf_append(b, s, 1);
  }
  strbuf_puts(b, "\"");
}

void grade_batch_csv(const grade_manifest *m, grade_submission *subs, int n, const char *reports_dir,
                     grade_format f, struct strbuf *out) {
  strbuf_puts(out, "student,score,max_score,status");
  for (int i = 0; i < m->n_scenarios; i++) {
    strbuf_puts(out, ",");
    csv_field(out, m->scenarios[i].name);
  }
  strbuf_puts(out, ",report\n");
  for (int k = 0; k < n; k++) {
    grade_submission *s = &subs[k];
    csv_field(out, s->student);
    strbuf_printf(out, ",%d,%d,%s", s->score, m->points_max,
                  s->status == GRADE_SUB_GRADED         ? "graded"
                  : s->status == GRADE_SUB_COMPILE_ERROR ? "compile-error"
                  : s->status == GRADE_SUB_NOT_FOUND     ? "no-submission"
                                                         : "error");
    for (int i = 0; i < m->n_scenarios; i++)
      strbuf_printf(out, ",%d", s->outcomes[i].passed ? m->scenarios[i].points : 0);
    struct strbuf path = {0};
    strbuf_printf(&path, "%s/%s.%s", reports_dir, s->student, grade_format_extension(f));
    strbuf_puts(out, ",");
    csv_field(out, strbuf_str(&path));
    strbuf_puts(out, "\n");
    strbuf_free(&path);
  }
}

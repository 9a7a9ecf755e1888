/* One grading run: a manifest, one submission or a folder of them. */
#ifndef GRADE_RUN_H
#define GRADE_RUN_H

#include "grade_internal.h"

typedef struct grade_options {
  const char *exercise;
  const char *submission;         /* a file, or (batch) a folder */
  const char *hidden;             /* or NULL */
  grade_format format;
  const char *output;             /* or NULL: stdout (single only) */
  int jobs;
  bool batch;
} grade_options;

/* Grades; returns the exit status. */
int grade_run(const grade_options *o);

/* The submissions of a batch folder, sorted by student (batch.c). */
int grade_batch_list(const char *dir, const char *submission_dll, grade_submission **out,
                     struct strbuf *err);
/* The CSV summary (batch.c). */
void grade_batch_csv(const grade_manifest *m, grade_submission *subs, int n, const char *reports_dir,
                     grade_format f, struct strbuf *out);

/* Writes a file all at once (a temporary file renamed into place). */
bool grade_write_file(const char *path, const char *data, size_t len, struct strbuf *err);

#endif

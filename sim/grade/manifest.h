/* Grade manifests: what `loaderlab grade` runs for an exercise and how
 * many points each scenario is worth (docs/grade-manifest.md).
 *
 *     exercise 01-static-runtime
 *     submission driver.dll
 *     scenario churn points 30 public strategy dfs bound 2 buggy access-violation
 *     scenario progress points 15 hidden progress "2 queries in flight"
 *
 * One manifest per exercise (EXERCISE/grade.txt), and optionally one in an
 * instructor's folder of hidden scenarios (DIR/grade.txt), whose scenarios
 * live in DIR/scenarios/NAME and are hidden unless they say `public`.
 */
#ifndef GRADE_MANIFEST_H
#define GRADE_MANIFEST_H

#include <stdbool.h>
#include <stdint.h>

#include "loaderlab.h"

/* Limits, named in one place; reaching one is an error that says so. */
#define GRADE_SCENARIOS_MAX 64
#define GRADE_POINTS_MAX 1000000
#define GRADE_TIME_LIMIT_DEFAULT_S 60.0
#define GRADE_TIME_LIMIT_MAX_S 3600.0
#define GRADE_SCHEDULES_DEFAULT 10000 /* random and pct, as `loaderlab explore` */

typedef struct grade_scenario {
  char *name;
  int points;
  bool hidden;                   /* a student sees its name and verdict only... */
  bool details_shown;            /* ...unless the manifest says `details shown` */
  sim_strategy_kind strategy;
  int bound;                     /* dfs preemption bound */
  uint64_t schedules;            /* random/pct budget; a cap for dfs; 0: none (dfs) */
  uint64_t seed;
  int depth;                     /* pct */
  double time_limit_s;           /* wall clock for the whole scenario */
  char *buggy;                   /* verdict id the exercise's buggy DLL gets, or NULL */
  char *progress;                /* text some schedule's output must hold, or NULL */
  char *dir;                     /* absolute path of the scenario folder */
  bool from_hidden_dir;          /* came from --hidden DIR */
  char *manifest;                /* file and line, for messages */
  int line;
} grade_scenario;

typedef struct grade_manifest {
  char *exercise;                /* the exercise folder's name */
  char *exercise_dir;            /* absolute */
  char *exercise_arg;            /* as the user wrote it, for replay commands */
  char *submission_dll;          /* "driver.dll" */
  char *hidden_dir;              /* absolute, or NULL */
  grade_scenario scenarios[GRADE_SCENARIOS_MAX];
  int n_scenarios;
  int points_max;
} grade_manifest;

/* Reads EXERCISE/grade.txt (exercise is a folder path or a name under the
 * source tree's exercises/) and, if hidden_dir is not NULL, DIR/grade.txt.
 * On error returns false with a message naming the file, the line and the
 * word in err. */
bool grade_manifest_load(const char *exercise, const char *hidden_dir, grade_manifest *m,
                         struct strbuf *err);
void grade_manifest_free(grade_manifest *m);

/* The verdict ids a manifest may name after `buggy`. */
bool grade_verdict_id_known(const char *id);

/* Splits one manifest line into words: blanks separate, `#` starts a
 * comment, "..." may hold blanks (with \" and \\).  Returns the number of
 * words (at most max), or -1 with a message in err. */
int grade_split_words(char *line, char **words, int max, struct strbuf *err);

#endif

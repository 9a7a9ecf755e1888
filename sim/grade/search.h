/* Exploring a scenario for grading (see search.c). */
#ifndef GRADE_SEARCH_H
#define GRADE_SEARCH_H

#include "loaderlab.h"

typedef struct grade_search_options {
  sim_strategy_kind strategy;
  int bound;                      /* dfs: bounds 0..bound in turn */
  uint64_t schedules;             /* random/pct budget; dfs cap; 0: none */
  uint64_t seed;
  int depth;
  double time_limit_s;
  const char *progress;           /* or NULL */
  sim_options run;
} grade_search_options;

typedef enum grade_failure {
  GRADE_FAILURE_NONE = 0,
  GRADE_FAILURE_VERDICT,          /* the simulator's verdict is a bug */
  GRADE_FAILURE_EXIT_CODE,        /* the host finished with a non-zero exit code */
  GRADE_FAILURE_HOST_UNFINISHED,  /* the process ended, but not by the host's doing */
  GRADE_FAILURE_MEMORY,           /* the heap held more than GRADE_HEAP_BYTES_MAX at the end */
} grade_failure;

typedef struct grade_search_result {
  uint64_t schedules;             /* runs made */
  grade_failure failure;
  sim_verdict_kind kind;          /* for GRADE_FAILURE_VERDICT */
  int exit_code;
  sim_schedule schedule;          /* of the failing run */
  int preemptions;
  uint64_t found_at;
  bool exhausted;                 /* dfs: every schedule within the bound ran */
  uint64_t in_bound;              /* dfs: schedules with at most `bound` preemptions */
  bool timed_out;
  bool progress_seen;
  uint64_t progress_at;
} grade_search_result;

/* Runs the search; stops at the first failing run. */
void grade_search(sim_program *p, const grade_search_options *o, grade_search_result *r);
void grade_search_result_free(grade_search_result *r);

/* Makes a failing schedule easier to read, as explore does for random and
 * PCT finds: the same failure with fewer preemptions (a bounded DFS), then
 * with fewer recorded choices.  Deterministic, bounded by a number of runs
 * (GRADE_SHORTEN_*); `deadline` (monotonic seconds) only stops it early
 * where single runs are so slow that it would outlast the scenario's time
 * limit, and then the schedule shown is the shortest found by then.  DFS
 * finds need none of it. */
void grade_shorten(sim_program *p, const sim_options *run, grade_failure failure, sim_verdict_kind kind,
                   int preemptions, double deadline, sim_schedule *schedule);

/* Classifies one finished run; returns the failure (and its exit code). */
grade_failure grade_classify_run(const sim_result *res, int *exit_code);

/* A counterexample a student can read: the verdict's own lines, then the
 * steps that matter (loader and thread events, blocking, output, every
 * step where the schedule switched threads, and the last steps before the
 * end), at most GRADE_TRACE_LINES_MAX lines. */
void grade_trace_short(const sim_result *res, struct strbuf *out);

#endif

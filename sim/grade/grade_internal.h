/* What the files of the grader share (grade.h is the public side).
 *
 * The grader is two kinds of process.  The parent (`loaderlab grade`)
 * reads manifests, stages submissions, starts workers, and alone writes
 * results.  Workers (`loaderlab grade-worker`, the same binary started
 * afresh with exec) compile and explore; the ones that load student code
 * do it inside a sandbox and report on a dedicated pipe, never on stdout.
 */
#ifndef GRADE_INTERNAL_H
#define GRADE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "loaderlab.h"
#include "manifest.h"

/* ---- Limits ---------------------------------------------------------------------- */

#define GRADE_SUBMISSION_BYTES_MAX (1 << 20)   /* a larger "source file" is not a DLL fix */
#define GRADE_RECORD_BYTES_MAX (8 << 20)       /* what a worker may send; more is interference */
#define GRADE_COMPILER_OUTPUT_MAX (16 << 10)   /* compiler messages kept for the report */
#define GRADE_COMPILE_TIME_LIMIT_S 120.0
#define GRADE_SCENARIO_GRACE_S 10.0            /* start-up and replay beyond the search's limit */
#define GRADE_WORKER_AS_BYTES ((rlim_t)1 << 30)  /* the simulated heap alone may take 512 MiB */
#define GRADE_WORKER_FSIZE_BYTES ((rlim_t)1 << 20)
#define GRADE_WORKER_NOFILE 64
#define GRADE_COMPILER_AS_BYTES ((rlim_t)4 << 30)
#define GRADE_COMPILER_FSIZE_BYTES ((rlim_t)64 << 20)
#define GRADE_COMPILER_NOFILE 256
#define GRADE_COMPILER_NPROC 512               /* only applied when the compiler runs as nobody */
#define GRADE_HEAP_BYTES_MAX ((size_t)256 << 20) /* live simulated heap when the host ends */
#define GRADE_TRACE_LINES_MAX 60               /* a counterexample a student can read */
#define GRADE_SHORTEN_RUNS_PER_BOUND 2000      /* as explore: DFS runs per bound when shortening */
#define GRADE_SHORTEN_DROPS_MAX 400            /* as explore: replays spent dropping choices */
#define GRADE_BATCH_MAX 10000
#define GRADE_JOBS_MAX 64

/* The result channel: workers write their one record to this descriptor. */
#define GRADE_RESULT_FD 3

/* ---- Verdicts the grader adds to the simulator's ------------------------------- */

/* Ids (for JSON and CSV) and names (for people) of the ways a scenario can
 * fail besides the simulator's own verdicts. */
#define GRADE_VERDICT_LIST(X)                                                    \
  X(COMPILE_ERROR, "compile-error", "compile error")                             \
  X(LOAD_ERROR, "load-error", "the DLL cannot be loaded")                        \
  X(EXIT_CODE, "exit-code", "the host's checks failed")                          \
  X(HOST_UNFINISHED, "host-unfinished", "the host program did not finish")       \
  X(NO_PROGRESS, "no-progress", "no progress")                                   \
  X(MEMORY_LIMIT, "memory-limit", "memory limit")                                \
  X(FORBIDDEN_CALL, "forbidden-call", "a forbidden system call")                 \
  X(TIME_LIMIT, "time-limit", "time limit")                                      \
  X(CPU_LIMIT, "cpu-limit", "CPU time limit")                                    \
  X(PROCESS_DIED, "process-died", "the grading process died")                    \
  X(NO_REPORT, "no-report", "no report from the grading process")              \
  X(NOT_GRADED, "not-graded", "not graded")

/* The folder of the windows.h simulated programs compile against (the
 * simulator's own rule: $LOADERLAB_INCLUDE_DIR, else sim/include). */
const char *grade_include_dir(void);

/* A display name for a verdict id, simulator's or grader's. */
const char *grade_verdict_name(const char *id);

/* ---- One scenario's outcome, and one submission's -------------------------------- */

typedef struct grade_outcome {
  bool passed;
  char *verdict;                  /* id: "ok", a simulator id, or a grader id */
  char *message;                  /* one line */
  char *details;                  /* more lines, or NULL */
  char *coverage;                 /* what the search covered (the certificate when passed) */
  bool exhaustive;                /* dfs ran every schedule within the bound */
  uint64_t schedules;             /* schedules run */
  char *counterexample;           /* a short trace, or NULL */
  char *schedule;                 /* the failing schedule, or NULL */
  int preemptions;
  char *replay;                   /* the command that reproduces it, or NULL */
} grade_outcome;

typedef enum grade_submission_status {
  GRADE_SUB_GRADED = 1,
  GRADE_SUB_COMPILE_ERROR,        /* graded: zero, with the compiler's message */
  GRADE_SUB_NOT_FOUND,            /* batch: no submission file in the student's folder */
  GRADE_SUB_ERROR,                /* the grader could not grade it (said why) */
} grade_submission_status;

typedef struct grade_submission {
  char *student;                  /* batch: the name; single: NULL */
  char *path;                     /* the file as given */
  char *file;                     /* its name as the report and replay commands show it */
  grade_submission_status status;
  char *message;                  /* compile errors, or why it was not graded */
  grade_outcome outcomes[GRADE_SCENARIOS_MAX];
  int score;
  double seconds;                 /* wall time, for Gradescope's execution_time */
} grade_submission;

void grade_outcome_free(grade_outcome *o);
void grade_submission_free(grade_submission *s);

/* ---- Reports ----------------------------------------------------------------------- */

typedef enum grade_format {
  GRADE_FORMAT_TEXT = 1,
  GRADE_FORMAT_JSON,
  GRADE_FORMAT_GRADESCOPE,
  GRADE_FORMAT_PRAIRIELEARN,
  GRADE_FORMAT_CLASSROOM,
  GRADE_FORMAT_JUNIT,
  GRADE_FORMAT_TAP,
} grade_format;

bool grade_format_parse(const char *name, grade_format *f);
const char *grade_format_extension(grade_format f);
/* Renders one submission's report; deterministic except Gradescope's
 * execution_time. */
void grade_report(grade_format f, const grade_manifest *m, const grade_submission *s,
                  struct strbuf *out);

/* Whether a scenario's details (messages, counterexample) are shown. */
bool grade_details_visible(const grade_scenario *sc);

/* Text helpers (text.c): valid UTF-8 without control characters other
 * than newline and tab, JSON strings, XML text. */
char *grade_clean_text(const char *s, size_t len);
void grade_json_string(struct strbuf *b, const char *s);
void grade_xml_text(struct strbuf *b, const char *s);
void grade_xml_attr(struct strbuf *b, const char *s);

/* ---- The result channel (wire.c) ---------------------------------------------------- */

/* A record: "LLGR1 NONCE\n", then fields "KEY LEN\nBYTES\n", then "end\n". */
typedef struct grade_field {
  char *key;
  char *value;                    /* NUL-terminated; may hold NULs only if len says so */
  size_t len;
} grade_field;

typedef struct grade_record {
  grade_field *fields;
  int n, cap;
} grade_record;

void grade_record_begin(struct strbuf *b, const char *nonce);
void grade_record_add(struct strbuf *b, const char *key, const char *value);
void grade_record_addf(struct strbuf *b, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void grade_record_end(struct strbuf *b);
/* Parses what a worker sent: exactly one record with the right nonce and
 * nothing else.  False with a reason otherwise. */
bool grade_record_parse(const char *data, size_t len, const char *nonce, grade_record *r,
                        struct strbuf *why);
const char *grade_record_get(const grade_record *r, const char *key);
void grade_record_free(grade_record *r);
/* Writes all of b to fd; false on error. */
bool grade_write_all(int fd, const char *data, size_t len);

/* ---- Tasks for workers (task.c) -------------------------------------------------- */

/* A task is text: one "KEY VALUE" per line; a key may repeat. */
typedef grade_record grade_task;
bool grade_task_parse(const char *text, grade_task *t, struct strbuf *err);
/* Appends "key value\n"; false if value holds a newline (paths never do). */
bool grade_task_add(struct strbuf *b, const char *key, const char *value);

/* ---- Scenario programs (spec.c) ---------------------------------------------------- */

/* Loads a scenario folder's spec, with ${EXERCISE}/ and ${LOADERLAB}/ at
 * the start of a path standing for the exercise folder and the source
 * tree, and (if student_source is not NULL) the student DLL's own source
 * replaced by it.  Checks that the scenario's student DLL is student_dll. */
bool grade_spec_load(const char *scenario_dir, const char *exercise_dir, const char *student_dll,
                     const char *student_source, sim_program_spec *spec, struct strbuf *err);
/* deps[i] is true for DLL i when it is the student DLL or imports one that
 * is (so it must be built for each submission); returns whether the host
 * depends on the student DLL. */
bool grade_spec_student_dependents(const sim_program_spec *spec, bool deps[16]);
/* Orders the DLLs so that each follows what it imports; false on a cycle. */
bool grade_spec_order(const sim_program_spec *spec, int order[16], struct strbuf *err);

/* ---- Workers (worker.c, pool.c) ----------------------------------------------------- */

/* The worker command: reads its task on stdin, reports on GRADE_RESULT_FD. */
int grade_worker_main(void);

typedef struct grade_worker {
  pid_t pid;
  int result_fd;                  /* parent's end of the result pipe, -1 when closed */
  struct strbuf received;
  double deadline;                /* monotonic seconds */
  double started;
  bool overflow;                  /* sent more than GRADE_RECORD_BYTES_MAX */
  bool killed_for_time;
  int status;                     /* from waitpid */
  bool done;
  char nonce[33];
  void *owner;                    /* the pool user's context */
  int kind;                       /* the pool user's tag */
} grade_worker;

/* Starts a worker with the task (its nonce line is added here). */
bool grade_worker_start(grade_worker *w, const char *task, double time_limit_s, struct strbuf *err);
/* Waits until at least one of the running workers is done (reaped); 
 * returns its index, or -1 if none is running. */
int grade_workers_wait(grade_worker **running, int n);
/* Kills a worker's process group and reaps it. */
void grade_worker_kill(grade_worker *w);

double grade_now(void);
/* The running loaderlab executable, for exec. */
const char *grade_self_exe(void);

/* ---- Sandbox (sandbox.c) ------------------------------------------------------------- */

typedef struct grade_limits {
  double cpu_s;                   /* 0: none */
  rlim_t as_bytes, fsize_bytes, nofile; /* 0: leave as is */
  rlim_t nproc;                   /* 0: leave as is; only for a process that became nobody, whose
                                     processes are all the grader's */
  bool nproc_zero;                /* no new process at all */
} grade_limits;

bool grade_set_limits(const grade_limits *l, struct strbuf *err);
/* When running as root: whether nobody has access (R_OK, X_OK) to each path. */
bool grade_nobody_can_read(const char *const *paths, const int *modes, int n, struct strbuf *err);
/* When running as root: become nobody (and never regain privileges). */
bool grade_drop_privileges(struct strbuf *err);
/* The uid and gid that student-facing processes run as, when root. */
bool grade_nobody(uid_t *uid, gid_t *gid);
/* Whether the kernel enforces Landlock (then file access is confined). */
int grade_landlock_abi(void);
/* Confines file access: read (and map) only under `reads`, also write
 * under `writes`.  Returns false with err if Landlock is available but
 * could not be applied; true (and *applied false) if it is unavailable. */
bool grade_landlock(const char *const *reads, int n_reads, const char *const *writes, int n_writes,
                    bool *applied, struct strbuf *err);
/* Installs the system-call filter on the calling thread; a forbidden call
 * raises SIGSYS, whose handler reports it on the result channel. */
bool grade_seccomp_install(const char *nonce, struct strbuf *err);

#endif

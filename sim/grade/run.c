/* A grading run, as the parent sees it.
 *
 * 1. Read the manifests; refuse hidden scenarios where they cannot be kept
 *    from submissions.
 * 2. Prepare: build every image that does not depend on a submission
 *    (hosts, helper DLLs), once, in a worker.
 * 3. For each submission: stage a copy in a private folder, compile it in
 *    a worker, then explore each scenario in its own sandboxed worker, up
 *    to --jobs workers at a time.  A submission's follow-up jobs go to the
 *    front of the queue, so one student is finished (and their folder
 *    removed) before the next starts.
 * 4. Write the reports.  Only this process writes them, from what workers
 *    reported on their channels; a worker that crashes, hangs, exits or
 *    interferes gives its scenario a failing result and nothing else.
 */
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>


/* ---- Files ----------------------------------------------------------------------------- */

bool grade_write_file(const char *path, const char *data, size_t len, struct strbuf *err) {
  char tmp[PATH_MAX];
  snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
    strbuf_printf(err, "cannot write %s: %s", path, strerror(errno));
    if (f) unlink(tmp);
    return false;
  }
  if (rename(tmp, path) != 0) {
    strbuf_printf(err, "cannot write %s: %s", path, strerror(errno));
    unlink(tmp);
    return false;
  }
  return true;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  if (flag == FTW_DP) rmdir(path);
  else unlink(path);
  return 0;
}

static void remove_tree(const char *path) {
  if (path && getenv("LOADERLAB_GRADE_KEEP") == NULL) nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A folder only its owner can list; `owner_nobody` gives it to the user
 * student-facing processes run as (when root). */
static char *make_dir(const char *parent, const char *stem, bool owner_nobody, struct strbuf *err) {
  char *path;
  if (asprintf(&path, "%s/%s.XXXXXX", parent, stem) < 0) abort();
  if (!mkdtemp(path)) {
    strbuf_printf(err, "cannot create a folder under %s: %s", parent, strerror(errno));
    free(path);
    return NULL;
  }
  chmod(path, 0711);
  uid_t uid;
  gid_t gid;
  if (owner_nobody && geteuid() == 0 && grade_nobody(&uid, &gid) && chown(path, uid, gid) != 0) {
    strbuf_printf(err, "cannot give %s to nobody: %s", path, strerror(errno));
    free(path);
    return NULL;
  }
  return path;
}

/* Reads a submission.  A symbolic link is refused: the grader may run as
 * root, and a link would let a submission name any file on the machine
 * (its content would come back in the compiler's messages). */
static char *read_file_limited(const char *path, size_t max, size_t *len, struct strbuf *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    strbuf_printf(err, "cannot read %s: %s", path, errno == ELOOP ? "it is a symbolic link" : strerror(errno));
    if (fd >= 0) close(fd);
    return NULL;
  }
  if (!S_ISREG(st.st_mode)) {
    strbuf_printf(err, "%s is not a file", path);
    close(fd);
    return NULL;
  }
  struct strbuf b = {0};
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) {
    if (b.len + (size_t)n > max) {
      strbuf_free(&b);
      close(fd);
      *len = max + 1;
      return NULL;
    }
    strbuf_append(&b, buf, (size_t)n);
  }
  close(fd);
  *len = b.len;
  if (!b.data) strbuf_append(&b, "", 0);
  return strbuf_take(&b);
}

/* ---- Jobs --------------------------------------------------------------------------------- */

typedef struct submission_state submission_state;

typedef enum job_kind { JOB_PREPARE = 1, JOB_COMPILE, JOB_SCENARIO } job_kind;

typedef struct job {
  job_kind kind;
  char *task;
  double time_limit_s;
  submission_state *sub;          /* compile, scenario */
  int scenario;                   /* scenario: index in the manifest */
} job;

struct submission_state {
  grade_submission *result;
  char *work;                     /* private folder of this submission */
  char *staged;                   /* its copy of the source */
  char *student_cache, *dependents_cache, *tmp;
  struct strbuf images;           /* task lines "image SCEN\tNAME\tPATH" from compiling */
  int pending;
  double started;
  bool finished;
  bool waiting;                   /* compiled, waiting for the prepare step */
};

typedef struct run_state {
  const grade_options *opt;
  grade_manifest m;
  char *root;                     /* the run's working folder */
  struct strbuf prepared;         /* image lines from the prepare step */
  char *prepare_error;
  int prepare_pending;            /* prepare jobs not finished */
  job *queue;                     /* a deque: follow-ups go in front */
  int q_head, q_len, q_cap;
  submission_state *subs;
  int n_subs;
  int next_sub;                   /* the next submission to start */
  const char *reports_dir;        /* batch */
  bool failed_to_write;
} run_state;

static volatile sig_atomic_t interrupted;
static void on_interrupt(int sig) {
  (void)sig;
  interrupted = 1;
}

static void push(run_state *r, job j, bool front) {
  if (r->q_len == r->q_cap) {
    int cap = r->q_cap ? r->q_cap * 2 : 64;
    job *q = malloc((size_t)cap * sizeof *q);
    if (!q) abort();
    for (int i = 0; i < r->q_len; i++) q[i] = r->queue[(r->q_head + i) % r->q_cap];
    free(r->queue);
    r->queue = q;
    r->q_cap = cap;
    r->q_head = 0;
  }
  if (front) {
    r->q_head = (r->q_head + r->q_cap - 1) % r->q_cap;
    r->queue[r->q_head] = j;
  } else {
    r->queue[(r->q_head + r->q_len) % r->q_cap] = j;
  }
  r->q_len++;
}

static job pop(run_state *r) {
  job j = r->queue[r->q_head];
  r->q_head = (r->q_head + 1) % r->q_cap;
  r->q_len--;
  return j;
}

static void task_common(struct strbuf *t, const run_state *r) {
  grade_task_add(t, "exercise-dir", r->m.exercise_dir);
  grade_task_add(t, "student-dll", r->m.submission_dll);
}

static void task_scenario_list(struct strbuf *t, const grade_manifest *m, int only, bool hidden) {
  for (int i = 0; i < m->n_scenarios; i++) {
    const grade_scenario *s = &m->scenarios[i];
    if (only >= 0 ? i != only : s->from_hidden_dir != hidden) continue;
    grade_task_add(t, "scenario", s->name);
    grade_task_add(t, "scenario-dir", s->dir);
  }
}

/* Image lines (from a worker's record) of one scenario, as task lines. */
static void copy_images(struct strbuf *t, const grade_record *rec, const char *scenario) {
  size_t n = scenario ? strlen(scenario) : 0;
  for (int i = 0; i < rec->n; i++) {
    const char *v = rec->fields[i].value;
    if (strcmp(rec->fields[i].key, "image") != 0) continue;
    if (scenario && (strncmp(v, scenario, n) != 0 || v[n] != '\t')) continue;
    if (!strchr(v, '\n')) strbuf_printf(t, "image %s\n", v);
  }
}

static void copy_image_lines(struct strbuf *t, const struct strbuf *lines, const char *scenario) {
  size_t n = strlen(scenario);
  const char *p = strbuf_str(lines);
  while (*p) {
    const char *nl = strchr(p, '\n');
    if (!nl) break;
    if (strncmp(p, "image ", 6) == 0 && strncmp(p + 6, scenario, n) == 0 && p[6 + n] == '\t')
      strbuf_append(t, p, (size_t)(nl - p + 1));
    p = nl + 1;
  }
}

/* ---- Outcomes -------------------------------------------------------------------------------- */

static char *clean(const char *s) { return grade_clean_text(s ? s : "", s ? strlen(s) : 0); }

/* Cleaned, without trailing newlines: the formats add their own. */
static char *clean_block(const char *s) {
  char *c = clean(s);
  size_t n = strlen(c);
  while (n && c[n - 1] == '\n') c[--n] = '\0';
  return c;
}

static void set_fail(grade_outcome *o, const char *verdict, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_fail(grade_outcome *o, const char *verdict, const char *fmt, ...) {
  struct strbuf m = {0};
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(&m, fmt, ap);
  va_end(ap);
  o->passed = false;
  free(o->verdict);
  free(o->message);
  o->verdict = strdup(verdict);
  o->message = clean(strbuf_str(&m));
  strbuf_free(&m);
}

static const char *strategy_name(sim_strategy_kind k) {
  return k == SIM_STRATEGY_PCT ? "pct" : k == SIM_STRATEGY_DFS ? "dfs" : "random";
}

static void coverage(grade_outcome *o, const grade_scenario *s, const grade_record *rec, bool passed) {
  uint64_t n = strtoull(grade_record_get(rec, "schedules") ? grade_record_get(rec, "schedules") : "0", NULL, 10);
  bool exhausted = grade_record_get(rec, "exhausted") && strcmp(grade_record_get(rec, "exhausted"), "1") == 0;
  uint64_t in_bound = strtoull(grade_record_get(rec, "in-bound") ? grade_record_get(rec, "in-bound") : "0", NULL, 10);
  struct strbuf c = {0};
  o->schedules = n;
  o->exhaustive = exhausted;
  if (!passed) {
    strbuf_printf(&c, "failed in schedule %s of the %s search", grade_record_get(rec, "found-at") ? grade_record_get(rec, "found-at") : "?",
                  strategy_name(s->strategy));
  } else if (exhausted) {
    strbuf_printf(&c, "no failure in any schedule with at most %d preemption%s: %" PRIu64 " schedule%s",
                  s->bound, s->bound == 1 ? "" : "s", in_bound, in_bound == 1 ? "" : "s");
  } else if (s->strategy == SIM_STRATEGY_DFS) {
    strbuf_printf(&c, "no failure in the first %" PRIu64 " schedules with at most %d preemptions (the "
                  "manifest's cap; not every such schedule was explored)", n, s->bound);
  } else if (s->strategy == SIM_STRATEGY_PCT) {
    strbuf_printf(&c, "no failure in %" PRIu64 " PCT schedules (depth %d, seed %" PRIu64 ")", n, s->depth,
                  s->seed);
  } else {
    strbuf_printf(&c, "no failure in %" PRIu64 " random schedules (seed %" PRIu64 ")", n, s->seed);
  }
  if (passed && s->progress)
    strbuf_printf(&c, "; the host showed progress (\"%s\") in schedule %s", s->progress,
                  grade_record_get(rec, "progress-at") ? grade_record_get(rec, "progress-at") : "?");
  free(o->coverage);
  o->coverage = clean(strbuf_str(&c));
  strbuf_free(&c);
}

static void replay_command(const run_state *r, const grade_scenario *s, const grade_submission *sub,
                           const char *schedule, grade_outcome *o) {
  if (s->from_hidden_dir || !schedule) return;
  struct strbuf c = {0};
  struct stat st;
  const char *ex = r->m.exercise_arg;
  /* As the student names the scenario: EXERCISE/SCENARIO for an exercise
   * of the kit, the folder path otherwise. */
  bool by_name = !strchr(ex, '/') && !(stat(ex, &st) == 0 && S_ISDIR(st.st_mode));
  if (by_name) strbuf_printf(&c, "loaderlab replay %s/%s", r->m.exercise, s->name);
  else strbuf_printf(&c, "loaderlab replay %s/scenarios/%s", ex, s->name);
  strbuf_printf(&c, " --dll %s --schedule %s", sub->file, schedule);
  o->replay = clean(strbuf_str(&c));
  strbuf_free(&c);
}

static const char *signal_name(int sig) {
  switch (sig) {
  case SIGSEGV: return "SIGSEGV";
  case SIGABRT: return "SIGABRT";
  case SIGBUS: return "SIGBUS";
  case SIGILL: return "SIGILL";
  case SIGFPE: return "SIGFPE";
  case SIGTRAP: return "SIGTRAP";
  case SIGTERM: return "SIGTERM";
  default: return "a signal";
  }
}

static void submission_error(submission_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* What a scenario worker's end means for its scenario. */
static void scenario_outcome(run_state *r, submission_state *st, int i, grade_worker *w) {
  const grade_scenario *s = &r->m.scenarios[i];
  grade_outcome *o = &st->result->outcomes[i];
  grade_record rec;
  struct strbuf why = {0};
  bool ok = !w->overflow && grade_record_parse(strbuf_str(&w->received), w->received.len, w->nonce, &rec, &why);
  if (!ok) {
    int st_sig = WIFSIGNALED(w->status) ? WTERMSIG(w->status) : 0;
    if (w->killed_for_time)
      set_fail(o, "time-limit", "the scenario did not finish within its time limit (%.0f s of wall clock)",
               s->time_limit_s);
    else if (w->overflow)
      set_fail(o, "no-report", "the grading process sent more than %d MiB on the grader's channel",
               GRADE_RECORD_BYTES_MAX >> 20);
    else if (st_sig == SIGSYS)
      set_fail(o, "forbidden-call", "the process was stopped by the sandbox's system-call filter (a call a "
               "simulated Win32 program never makes: a new process or thread, exec, a socket, a sleep, "
               "writing a file)");
    else if (st_sig == SIGXCPU || st_sig == SIGKILL)
      set_fail(o, "cpu-limit", "the grading process was stopped by its CPU-time or memory limit");
    else if (st_sig)
      set_fail(o, "process-died", "the grading process died of %s (%d) outside the simulated program",
               signal_name(st_sig), st_sig);
    else
      set_fail(o, "no-report", "the grading process ended (exit status %d) without reporting: %s; a "
               "submission that ends the process itself, or writes on the grader's channel, ends here",
               WIFEXITED(w->status) ? WEXITSTATUS(w->status) : -1, strbuf_str(&why));
    strbuf_free(&why);
    return;
  }
  strbuf_free(&why);
  const char *kind = grade_record_get(&rec, "kind");
  const char *failure = grade_record_get(&rec, "failure");
  if (kind && strcmp(kind, "violation") == 0) {
    set_fail(o, "forbidden-call", "the submission called %s, which a simulated Win32 program never needs; "
             "the sandbox stopped it", grade_record_get(&rec, "syscall") ? grade_record_get(&rec, "syscall") : "?");
  } else if (kind && strcmp(kind, "error") == 0) {
    submission_error(st, "scenario %s: %s", s->name, grade_record_get(&rec, "message"));
    set_fail(o, "no-report", "the grader could not run this scenario");
  } else if (!kind || strcmp(kind, "result") != 0 || !failure) {
    set_fail(o, "no-report", "the grading process sent an unexpected record");
  } else if (strcmp(failure, "none") == 0) {
    coverage(o, s, &rec, true);
    const char *seen = grade_record_get(&rec, "progress-seen");
    if (s->progress && !(seen && strcmp(seen, "1") == 0)) {
      set_fail(o, "no-progress", "no explored schedule showed the progress the scenario asks for: the "
               "host never printed a line holding \"%s\" (%" PRIu64 " schedules)", s->progress, o->schedules);
      free(o->coverage);
      o->coverage = NULL;
      coverage(o, s, &rec, true);
      /* The coverage line says what was explored; it is no certificate. */
      char *c = o->coverage;
      char *semi = strstr(c, "; the host showed");
      if (semi) *semi = '\0';
    } else {
      o->passed = true;
      o->verdict = strdup("ok");
      o->message = strdup("passed");
    }
  } else if (strcmp(failure, "time-limit") == 0) {
    uint64_t n = strtoull(grade_record_get(&rec, "schedules") ? grade_record_get(&rec, "schedules") : "0", NULL, 10);
    set_fail(o, "time-limit", "the search did not finish within its time limit (%.0f s): %" PRIu64
             " schedules explored without a failure", s->time_limit_s, n);
  } else if (strcmp(failure, "load-error") == 0) {
    set_fail(o, "load-error", "%s", grade_record_get(&rec, "message"));
  } else {
    const char *verdict = strcmp(failure, "verdict") == 0 ? grade_record_get(&rec, "verdict") : failure;
    set_fail(o, verdict ? verdict : "no-report", "%s", grade_record_get(&rec, "message") ? grade_record_get(&rec, "message") : "");
    coverage(o, s, &rec, false);
    o->details = clean_block(grade_record_get(&rec, "report"));
    o->counterexample = clean_block(grade_record_get(&rec, "trace"));
    o->schedule = clean(grade_record_get(&rec, "schedule"));
    o->preemptions = atoi(grade_record_get(&rec, "preemptions") ? grade_record_get(&rec, "preemptions") : "0");
    replay_command(r, s, st->result, o->schedule, o);
  }
  grade_record_free(&rec);
}

/* ---- Submissions ------------------------------------------------------------------------------ */

static void submission_error(submission_state *st, const char *fmt, ...) {
  if (st->result->status == GRADE_SUB_ERROR) return;
  struct strbuf m = {0};
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(&m, fmt, ap);
  va_end(ap);
  st->result->status = GRADE_SUB_ERROR;
  free(st->result->message);
  st->result->message = clean(strbuf_str(&m));
  strbuf_free(&m);
}

static void finish_submission(run_state *r, submission_state *st) {
  grade_submission *s = st->result;
  st->finished = true;
  s->seconds = grade_now() - st->started;
  s->score = 0;
  for (int i = 0; i < r->m.n_scenarios; i++) {
    grade_outcome *o = &s->outcomes[i];
    if (!o->verdict || s->status == GRADE_SUB_NOT_FOUND || s->status == GRADE_SUB_ERROR)
      set_fail(o, "not-graded", "%s", s->status == GRADE_SUB_NOT_FOUND ? "no submission" : "not graded");
    if (o->passed) s->score += r->m.scenarios[i].points;
  }
  if (s->status == GRADE_SUB_ERROR || s->status == GRADE_SUB_NOT_FOUND) s->score = 0;
  remove_tree(st->work);
  free(st->work);
  st->work = NULL;
  if (r->reports_dir) {
    struct strbuf rep = {0}, err = {0};
    grade_report(r->opt->format, &r->m, s, &rep);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.%s", r->reports_dir, s->student, grade_format_extension(r->opt->format));
    if (!grade_write_file(path, rep.data ? rep.data : "", rep.len, &err)) {
      fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
      r->failed_to_write = true;
    }
    strbuf_free(&rep);
    strbuf_free(&err);
  }
}

static bool stage(run_state *r, submission_state *st, struct strbuf *err) {
  grade_submission *s = st->result;
  size_t len;
  struct strbuf why = {0};
  char *text = read_file_limited(s->path, GRADE_SUBMISSION_BYTES_MAX, &len, &why);
  if (!text && len > GRADE_SUBMISSION_BYTES_MAX) {
    s->status = GRADE_SUB_COMPILE_ERROR;
    s->message = strdup("the submission is larger than 1 MiB; a DLL's C source is much smaller");
    strbuf_free(&why);
    return true;
  }
  if (!text) {
    strbuf_printf(err, "%s", strbuf_str(&why));
    strbuf_free(&why);
    return false;
  }
  st->work = make_dir(r->root, "submission", false, err);
  bool ok = st->work != NULL;
  char src_dir[PATH_MAX];
  if (ok) {
    snprintf(src_dir, sizeof src_dir, "%s/src", st->work);
    ok = mkdir(src_dir, 0755) == 0;
    if (!ok) strbuf_printf(err, "cannot create %s: %s", src_dir, strerror(errno));
  }
  if (ok) {
    if (asprintf(&st->staged, "%s/%s", src_dir, s->file) < 0) abort();
    ok = grade_write_file(st->staged, text, len, err);
  }
  if (ok) ok = (st->student_cache = make_dir(st->work, "student", true, err)) != NULL;
  if (ok) ok = (st->tmp = make_dir(st->work, "tmp", true, err)) != NULL;
  if (ok) ok = (st->dependents_cache = make_dir(st->work, "dependents", false, err)) != NULL;
  free(text);
  if (ok) s->status = GRADE_SUB_GRADED;
  return ok;
}

static void start_submission(run_state *r, submission_state *st) {
  st->started = grade_now();
  grade_submission *s = st->result;
  if (s->status == GRADE_SUB_NOT_FOUND || s->status == GRADE_SUB_ERROR) {
    finish_submission(r, st);
    return;
  }
  struct strbuf err = {0};
  if (!stage(r, st, &err)) {
    submission_error(st, "%s", strbuf_str(&err));
    strbuf_free(&err);
    finish_submission(r, st);
    return;
  }
  strbuf_free(&err);
  if (s->status == GRADE_SUB_COMPILE_ERROR) {
    for (int i = 0; i < r->m.n_scenarios; i++) set_fail(&s->outcomes[i], "compile-error", "the submission did not compile");
    finish_submission(r, st);
    return;
  }
  struct strbuf t = {0};
  grade_task_add(&t, "mode", "compile");
  task_common(&t, r);
  grade_task_add(&t, "student-source", st->staged);
  grade_task_add(&t, "student-cache", st->student_cache);
  grade_task_add(&t, "dependents-cache", st->dependents_cache);
  grade_task_add(&t, "tmp", st->tmp);
  task_scenario_list(&t, &r->m, -1, false);
  task_scenario_list(&t, &r->m, -1, true);
  strbuf_puts(&t, strbuf_str(&r->prepared));
  push(r, (job){JOB_COMPILE, strbuf_take(&t), GRADE_COMPILE_TIME_LIMIT_S + GRADE_SCENARIO_GRACE_S, st, -1}, true);
}

static void queue_scenarios(run_state *r, submission_state *st);

static void compiled(run_state *r, submission_state *st, grade_worker *w) {
  grade_submission *s = st->result;
  grade_record rec;
  struct strbuf why = {0};
  if (!grade_record_parse(strbuf_str(&w->received), w->received.len, w->nonce, &rec, &why)) {
    if (w->killed_for_time) {
      s->status = GRADE_SUB_COMPILE_ERROR;
      s->message = strdup("compiling the submission did not finish within its time limit");
    } else {
      submission_error(st, "the compiling process ended without reporting (%s)", strbuf_str(&why));
    }
  } else {
    const char *kind = grade_record_get(&rec, "kind");
    if (kind && strcmp(kind, "compile-error") == 0) {
      s->status = GRADE_SUB_COMPILE_ERROR;
      s->message = clean_block(grade_record_get(&rec, "message"));
    } else if (!kind || strcmp(kind, "compiled") != 0) {
      submission_error(st, "compiling: %s", grade_record_get(&rec, "message") ? grade_record_get(&rec, "message") : "unexpected report");
    } else {
      copy_images(&st->images, &rec, NULL);
    }
    grade_record_free(&rec);
  }
  strbuf_free(&why);
  if (s->status != GRADE_SUB_GRADED) {
    for (int i = 0; i < r->m.n_scenarios; i++)
      set_fail(&s->outcomes[i], s->status == GRADE_SUB_COMPILE_ERROR ? "compile-error" : "no-report",
               s->status == GRADE_SUB_COMPILE_ERROR ? "the submission did not compile" : "not graded");
    finish_submission(r, st);
    return;
  }
  /* The scenarios need the prepared images. */
  if (r->prepare_pending) st->waiting = true;
  else queue_scenarios(r, st);
}

/* One job per scenario, in manifest order, ahead of other students. */
static void queue_scenarios(run_state *r, submission_state *st) {
  for (int i = r->m.n_scenarios - 1; i >= 0; i--) {
    const grade_scenario *sc = &r->m.scenarios[i];
    struct strbuf t = {0}, e = {0};
    char *run_dir = make_dir(st->work, "run", true, &e);
    if (!run_dir) {
      submission_error(st, "%s", strbuf_str(&e));
      strbuf_free(&e);
      strbuf_free(&t);
      continue;
    }
    strbuf_free(&e);
    char num[32];
    grade_task_add(&t, "mode", "scenario");
    task_common(&t, r);
    grade_task_add(&t, "scenario", sc->name);
    grade_task_add(&t, "scenario-dir", sc->dir);
    grade_task_add(&t, "student-source", st->staged);
    grade_task_add(&t, "run-dir", run_dir);
    grade_task_add(&t, "strategy", strategy_name(sc->strategy));
    snprintf(num, sizeof num, "%d", sc->bound);
    grade_task_add(&t, "bound", num);
    snprintf(num, sizeof num, "%" PRIu64, sc->schedules);
    grade_task_add(&t, "schedules", num);
    snprintf(num, sizeof num, "%" PRIu64, sc->seed);
    grade_task_add(&t, "seed", num);
    snprintf(num, sizeof num, "%d", sc->depth);
    grade_task_add(&t, "depth", num);
    snprintf(num, sizeof num, "%g", sc->time_limit_s);
    grade_task_add(&t, "time-limit", num);
    if (sc->progress) grade_task_add(&t, "progress", sc->progress);
    copy_image_lines(&t, &r->prepared, sc->name);
    copy_image_lines(&t, &st->images, sc->name);
    free(run_dir);
    st->pending++;
    push(r, (job){JOB_SCENARIO, strbuf_take(&t), sc->time_limit_s + GRADE_SCENARIO_GRACE_S, st, i}, true);
  }
  if (!st->pending) finish_submission(r, st);
}

/* ---- Driving the jobs -------------------------------------------------------------------------- */

static void job_done(run_state *r, job *j, grade_worker *w) {
  switch (j->kind) {
  case JOB_PREPARE: {
    grade_record rec;
    struct strbuf why = {0};
    if (!grade_record_parse(strbuf_str(&w->received), w->received.len, w->nonce, &rec, &why)) {
      if (!r->prepare_error)
        r->prepare_error = w->killed_for_time ? strdup("building the exercise's scenarios took too long")
                                              : strdup(strbuf_str(&why));
    } else {
      const char *kind = grade_record_get(&rec, "kind");
      if (kind && strcmp(kind, "prepared") == 0) copy_images(&r->prepared, &rec, NULL);
      else if (!r->prepare_error)
        r->prepare_error = strdup(grade_record_get(&rec, "message") ? grade_record_get(&rec, "message") : "the prepare step failed");
      grade_record_free(&rec);
    }
    strbuf_free(&why);
    /* The last one releases the submissions that compiled meanwhile. */
    if (--r->prepare_pending == 0 && !r->prepare_error)
      for (int i = 0; i < r->next_sub; i++)
        if (r->subs[i].waiting) {
          r->subs[i].waiting = false;
          queue_scenarios(r, &r->subs[i]);
        }
    break;
  }
  case JOB_COMPILE: compiled(r, j->sub, w); break;
  case JOB_SCENARIO:
    scenario_outcome(r, j->sub, j->scenario, w);
    if (--j->sub->pending == 0) finish_submission(r, j->sub);
    break;
  }
}


/* Runs queued jobs, up to `jobs` at a time, until none is left; starts the
 * next submission whenever a slot would otherwise stay idle. */
static bool drive(run_state *r, int jobs) {
  grade_worker workers[GRADE_JOBS_MAX];
  grade_worker *running[GRADE_JOBS_MAX] = {0};
  job held[GRADE_JOBS_MAX];
  for (;;) {
    if (interrupted) {
      for (int i = 0; i < jobs; i++)
        if (running[i]) grade_worker_kill(running[i]);
      return false;
    }
    int idle = 0;
    for (int i = 0; i < jobs; i++) idle += running[i] == NULL;
    while (r->q_len < idle && r->next_sub < r->n_subs) {
      submission_state *st = &r->subs[r->next_sub++];
      start_submission(r, st);
    }
    for (int i = 0; i < jobs && r->q_len; i++) {
      if (running[i]) continue;
      job j = pop(r);
      struct strbuf err = {0};
      if (!grade_worker_start(&workers[i], j.task, j.time_limit_s, &err)) {
        /* No process could be started: the job's result is that error. */
        workers[i].done = true;
        workers[i].status = 0;
        if (j.sub) submission_error(j.sub, "%s", strbuf_str(&err));
        job_done(r, &j, &workers[i]);
        strbuf_free(&workers[i].received);
        free(j.task);
        strbuf_free(&err);
        continue;
      }
      strbuf_free(&err);
      held[i] = j;
      running[i] = &workers[i];
    }
    int k = grade_workers_wait(running, jobs);
    if (k < 0) {
      if (!r->q_len && r->next_sub == r->n_subs) return true;
      continue;
    }
    job j = held[k];
    running[k] = NULL;
    job_done(r, &j, &workers[k]);
    strbuf_free(&workers[k].received);
    free(j.task);
  }
}

/* Whether a submission compiles without images from the prepare step:
 * its DLL imports no other DLL and nothing imports it, in every scenario.
 * (Reading the scenarios here is trusted work: nothing of the student's.) */
static bool compile_needs_no_prepared_images(const grade_manifest *m) {
  for (int i = 0; i < m->n_scenarios; i++) {
    sim_program_spec spec;
    struct strbuf err = {0};
    bool ok = grade_spec_load(m->scenarios[i].dir, m->exercise_dir, m->submission_dll, NULL, &spec, &err);
    strbuf_free(&err);
    if (!ok) return false; /* the prepare step will say why */
    bool deps[16];
    bool host_dep = grade_spec_student_dependents(&spec, deps);
    int dependents = 0, student_imports = 0;
    for (int d = 0; d < spec.n_dlls; d++) {
      bool student = strcasecmp(spec.dlls[d].name, spec.student_dll) == 0;
      if (student) student_imports = spec.dlls[d].n_imports;
      else dependents += deps[d];
    }
    sim_spec_free(&spec);
    if (host_dep || dependents || student_imports) return false;
  }
  return true;
}

/* ---- Hidden scenarios ---------------------------------------------------------------------------- */

/* Hidden files stay hidden only where the kernel confines file access
 * (Landlock) or where workers run as nobody and the folder is the owner's
 * alone.  Elsewhere the grader refuses rather than pretend. */
static bool hidden_protected(const char *dir, struct strbuf *err) {
  if (grade_landlock_abi() >= 1) return true;
  struct stat st;
  if (geteuid() == 0 && stat(dir, &st) == 0 && (st.st_mode & 0077) == 0) return true;
  if (geteuid() == 0)
    strbuf_printf(err, "--hidden %s: this kernel has no Landlock, so submissions (run as nobody) are kept "
                  "from the hidden files only by their permissions; make the folder its owner's alone "
                  "(chmod -R go-rwx %s)", dir, dir);
  else
    strbuf_printf(err, "--hidden %s: this kernel has no Landlock and the grader does not run as root, so "
                  "nothing would keep submissions from reading the hidden files; grade as root (as "
                  "Gradescope and PrairieLearn do) or on a kernel with Landlock (Linux 5.13 or later)", dir);
  return false;
}

/* ---- The run ---------------------------------------------------------------------------------------- */

static const char *file_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* The name a submission is staged and reported under: its own, when that
 * is a plain C file name, or the DLL's source name. */
static char *display_name(const char *path, const char *dll) {
  const char *b = file_name(path);
  size_t n = strlen(b);
  bool plain = n > 2 && n < 100 && strcmp(b + n - 2, ".c") == 0 && b[0] != '.';
  for (size_t i = 0; plain && i < n; i++)
    plain = (b[i] >= 'a' && b[i] <= 'z') || (b[i] >= 'A' && b[i] <= 'Z') || (b[i] >= '0' && b[i] <= '9') ||
            b[i] == '-' || b[i] == '_' || b[i] == '.';
  if (plain) return strdup(b);
  char *name;
  if (asprintf(&name, "%.*s.c", (int)(strlen(dll) - 4), dll) < 0) abort();
  return name;
}

int grade_run(const grade_options *o) {
  run_state r;
  memset(&r, 0, sizeof r);
  r.opt = o;
  struct strbuf err = {0};
  int status = 0;
  grade_submission *subs = NULL;
  int n_subs = 0;
  char *reports_dir = NULL;

  if (!grade_manifest_load(o->exercise, o->hidden, &r.m, &err)) {
    fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
    strbuf_free(&err);
    return 2;
  }
  if (r.m.hidden_dir && !hidden_protected(r.m.hidden_dir, &err)) goto usage;

  if (o->batch) {
    n_subs = grade_batch_list(o->submission, r.m.submission_dll, &subs, &err);
    if (n_subs < 0) goto usage;
    size_t len = strlen(o->output);
    if (asprintf(&reports_dir, "%.*s-reports", (int)(len > 4 && strcmp(o->output + len - 4, ".csv") == 0 ? len - 4 : len),
                 o->output) < 0)
      abort();
    if (mkdir(reports_dir, 0755) != 0 && errno != EEXIST) {
      strbuf_printf(&err, "cannot create %s: %s", reports_dir, strerror(errno));
      goto usage;
    }
    r.reports_dir = reports_dir;
  } else {
    struct stat st;
    if (lstat(o->submission, &st) != 0 || !S_ISREG(st.st_mode) || access(o->submission, R_OK) != 0) {
      strbuf_printf(&err, "cannot read the submission %s: %s", o->submission,
                    lstat(o->submission, &st) != 0 ? strerror(errno)
                    : S_ISLNK(st.st_mode)           ? "it is a symbolic link (give the file itself)"
                                                    : "not a readable file");
      goto usage;
    }
    subs = calloc(1, sizeof *subs);
    if (!subs) abort();
    subs[0].path = strdup(o->submission);
    n_subs = 1;
  }
  for (int i = 0; i < n_subs; i++)
    if (subs[i].path && !subs[i].file) subs[i].file = display_name(subs[i].path, r.m.submission_dll);

  const char *tmp = getenv("TMPDIR");
  if (!tmp || !*tmp) tmp = "/tmp";
  {
    /* TMPDIR only needs to be passed through: the grader's folders in it
     * are not listable. */
    const char *needed[] = {grade_include_dir(), LOADERLAB_SOURCE_DIR "/runtime", r.m.exercise_dir, tmp};
    const int modes[] = {R_OK | X_OK, R_OK | X_OK, R_OK | X_OK, X_OK};
    if (!grade_nobody_can_read(needed, modes, 4, &err)) goto usage;
  }
  r.root = make_dir(tmp, "loaderlab-grade", false, &err);
  if (!r.root) goto usage;

  struct sigaction sa, old_int, old_term, old_pipe;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_interrupt;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, &old_pipe);

  /* Prepare: the images every submission shares, public and hidden in
   * caches apart, one job per scenario so that --jobs builds them at once. */
  char *caches[2] = {NULL, NULL};
  for (int hidden = 0; hidden <= (r.m.hidden_dir ? 1 : 0) && !r.prepare_error; hidden++) {
    struct strbuf e = {0};
    caches[hidden] = make_dir(r.root, hidden ? "hidden" : "public", false, &e);
    if (!caches[hidden]) r.prepare_error = strdup(strbuf_str(&e));
    strbuf_free(&e);
  }
  for (int i = 0; i < r.m.n_scenarios && !r.prepare_error; i++) {
    struct strbuf t = {0};
    grade_task_add(&t, "mode", "prepare");
    task_common(&t, &r);
    grade_task_add(&t, "cache", caches[r.m.scenarios[i].from_hidden_dir ? 1 : 0]);
    task_scenario_list(&t, &r.m, i, false);
    push(&r, (job){JOB_PREPARE, strbuf_take(&t), GRADE_COMPILE_TIME_LIMIT_S * 2, NULL, -1}, false);
    r.prepare_pending++;
  }
  free(caches[0]);
  free(caches[1]);
  int jobs = o->jobs < 1 ? 1 : o->jobs > GRADE_JOBS_MAX ? GRADE_JOBS_MAX : o->jobs;
  /* Submissions are started as slots free up, in order; while the prepare
   * step runs too, when compiling a submission does not need its images. */
  r.subs = calloc((size_t)n_subs, sizeof *r.subs);
  if (!r.subs) abort();
  for (int i = 0; i < n_subs; i++) r.subs[i].result = &subs[i];
  r.n_subs = n_subs;
  bool overlap = !r.prepare_error && compile_needs_no_prepared_images(&r.m);
  r.next_sub = overlap ? 0 : n_subs;
  bool completed = drive(&r, jobs);
  if (completed && !overlap && !r.prepare_error) {
    r.next_sub = 0;
    completed = drive(&r, jobs);
  }
  if (completed && r.prepare_error) {
    strbuf_printf(&err, "the exercise %s does not build: %s", r.m.exercise, r.prepare_error);
    status = 2;
  }
  if (!completed) {
    strbuf_printf(&err, "interrupted; nothing was written");
    status = 2;
  }
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  sigaction(SIGPIPE, &old_pipe, NULL);
  remove_tree(r.root);

  if (!status && !o->batch && subs[0].status == GRADE_SUB_ERROR) {
    strbuf_printf(&err, "could not grade %s: %s", subs[0].path, subs[0].message);
    status = 2;
  }
  if (!status) {
    struct strbuf rep = {0};
    if (o->batch) grade_batch_csv(&r.m, subs, n_subs, reports_dir, o->format, &rep);
    else grade_report(o->format, &r.m, &subs[0], &rep);
    if (o->output && strcmp(o->output, "-") != 0) {
      if (!grade_write_file(o->output, rep.data ? rep.data : "", rep.len, &err)) status = 2;
    } else {
      fwrite(strbuf_str(&rep), 1, rep.len, stdout);
      fflush(stdout);
    }
    strbuf_free(&rep);
    if (r.failed_to_write) status = 2;
  }
  if (status) fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
  goto done;
usage:
  fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
  status = 2;
done:
  for (int i = 0; i < r.n_subs; i++) {
    free(r.subs[i].staged);
    free(r.subs[i].student_cache);
    free(r.subs[i].dependents_cache);
    free(r.subs[i].tmp);
    free(r.subs[i].work);
    strbuf_free(&r.subs[i].images);
  }
  free(r.subs);
  for (int i = 0; i < n_subs; i++) grade_submission_free(&subs[i]);
  free(subs);
  free(r.queue);
  free(r.root);
  free(r.prepare_error);
  free(reports_dir);
  strbuf_free(&r.prepared);
  strbuf_free(&err);
  grade_manifest_free(&r.m);
  return status;
}

void grade_outcome_free(grade_outcome *o) {
  free(o->verdict);
  free(o->message);
  free(o->details);
  free(o->coverage);
  free(o->counterexample);
  free(o->schedule);
  free(o->replay);
  memset(o, 0, sizeof *o);
}

void grade_submission_free(grade_submission *s) {
  free(s->student);
  free(s->path);
  free(s->file);
  free(s->message);
  for (int i = 0; i < GRADE_SCENARIOS_MAX; i++) grade_outcome_free(&s->outcomes[i]);
  memset(s, 0, sizeof *s);
}

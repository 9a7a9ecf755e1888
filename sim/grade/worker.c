/* `loaderlab grade-worker`: the processes that compile and explore for
 * the grader.  It reads its task on stdin and sends one record on
 * GRADE_RESULT_FD.  Three modes:
 *
 * prepare   builds, for a set of scenarios, every image that does not
 *           depend on the submission (hosts with the host shim, helper
 *           DLLs), once per grading run.  Trusted input only.
 * compile   builds one submission: the student DLL in a child process that
 *           runs as nobody (when root) with file access confined by
 *           Landlock, so an #include or .incbin of a hidden file fails;
 *           then whatever imports the student DLL.  A compiler error is a
 *           result, with the compiler's message.
 * scenario  loads the images and explores one scenario, inside the
 *           sandbox (sandbox.c): limits, nobody, Landlock, seccomp, all in
 *           place before the first byte of student code runs (a DLL's
 *           constructors run when it is loaded).
 */
#include <errno.h>
#include <fcntl.h>
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

#include "grade_internal.h"
#include "host_state.h"
#include "image.h"
#include "program.h"
#include "search.h"

#define TASK_BYTES_MAX (1 << 20)

static const char *nonce;
static struct strbuf out;

static void reply_and_exit(void) {
  grade_record_end(&out);
  grade_write_all(GRADE_RESULT_FD, out.data, out.len);
  /* Nothing the process still holds matters: leave without running any
   * destructor or atexit function a loaded image registered. */
  _exit(0);
}

__attribute__((noreturn)) static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...) {
  struct strbuf m = {0};
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(&m, fmt, ap);
  va_end(ap);
  strbuf_reset(&out);
  grade_record_begin(&out, nonce ? nonce : "-");
  grade_record_add(&out, "kind", "error");
  grade_record_add(&out, "message", strbuf_str(&m));
  reply_and_exit();
  abort();
}

static char *read_task(void) {
  struct strbuf t = {0};
  char buf[8192];
  for (;;) {
    ssize_t n = read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    strbuf_append(&t, buf, (size_t)n);
    if (t.len > TASK_BYTES_MAX) break;
  }
  int null = open("/dev/null", O_RDONLY);
  if (null >= 0) {
    dup2(null, 0);
    close(null);
  }
  return strbuf_take(&t);
}

static const char *need(const grade_task *t, const char *key) {
  const char *v = grade_record_get(t, key);
  if (!v) fail("worker task without %s", key);
  return v;
}

static uint64_t need_u64(const grade_task *t, const char *key) {
  return strtoull(need(t, key), NULL, 10);
}

/* The scenarios of a task: "scenario NAME" followed by "scenario-dir DIR". */
typedef struct task_scenario {
  const char *name, *dir;
  sim_program_spec spec;
  char *so[16];                   /* built DLL images, by spec index */
  char *host_so;
} task_scenario;

static int task_scenarios(const grade_task *t, task_scenario *s, int max) {
  int n = 0;
  for (int i = 0; i < t->n; i++) {
    if (strcmp(t->fields[i].key, "scenario") != 0) continue;
    if (n == max || i + 1 >= t->n || strcmp(t->fields[i + 1].key, "scenario-dir") != 0)
      fail("worker task: malformed scenario list");
    memset(&s[n], 0, sizeof s[n]);
    s[n].name = t->fields[i].value;
    s[n].dir = t->fields[i + 1].value;
    n++;
  }
  return n;
}

/* "image SCENARIO\tNAME\tPATH" lines: a built image, given or reported. */
static const char *given_image(const grade_task *t, const char *scenario, const char *name) {
  size_t ns = strlen(scenario), nn = strlen(name);
  for (int i = 0; i < t->n; i++) {
    const char *v = t->fields[i].value;
    if (strcmp(t->fields[i].key, "image") != 0) continue;
    if (strncmp(v, scenario, ns) == 0 && v[ns] == '\t' && strncasecmp(v + ns + 1, name, nn) == 0 &&
        v[ns + 1 + nn] == '\t')
      return v + ns + nn + 2;
  }
  return NULL;
}

static void report_image(const char *scenario, const char *name, const char *path) {
  grade_record_addf(&out, "image", "%s\t%s\t%s", scenario, name, path);
}

static const char *base_cc(void) {
  const char *cc = getenv("CC");
  return cc && *cc ? cc : "cc";
}

/* Builds one DLL of a scenario into the current cache. */
static char *build_dll(task_scenario *s, int i, struct strbuf *err) {
  const sim_dll_spec *d = &s->spec.dlls[i];
  const char *links[8];
  const char *incs[8];
  for (int k = 0; k < s->spec.n_include_dirs; k++) incs[k] = s->spec.include_dirs[k];
  for (int m = 0; m < d->n_imports; m++) {
    int j = -1;
    for (int k = 0; k < s->spec.n_dlls; k++)
      if (strcasecmp(s->spec.dlls[k].name, d->imports[m]) == 0) j = k;
    if (j < 0 || !s->so[j]) {
      strbuf_printf(err, "%s imports %s, which is not built", d->name, d->imports[m]);
      return NULL;
    }
    links[m] = s->so[j];
  }
  sim_build_spec b = {(const char *const *)d->sources, d->n_sources, incs, s->spec.n_include_dirs,
                      d->name, links, d->n_imports};
  return sim__build(&b, err);
}

/* Builds the host, with the host shim, into the current cache. */
static char *build_host(task_scenario *s, struct strbuf *err) {
  const char *srcs[SIM_SOURCES_MAX + 1];
  const char *incs[8];
  const char *links[8];
  int n = 0;
  for (int i = 0; i < s->spec.n_host_sources; i++) srcs[n++] = s->spec.host_sources[i];
  if (n == SIM_SOURCES_MAX) {
    strbuf_printf(err, "%s: the host has %d source files; the grader needs one more", s->name, n);
    return NULL;
  }
  srcs[n++] = LOADERLAB_SOURCE_DIR "/sim/grade/host_shim.c";
  for (int k = 0; k < s->spec.n_include_dirs; k++) incs[k] = s->spec.include_dirs[k];
  for (int m = 0; m < s->spec.n_host_imports; m++) {
    int j = -1;
    for (int k = 0; k < s->spec.n_dlls; k++)
      if (strcasecmp(s->spec.dlls[k].name, s->spec.host_imports[m]) == 0) j = k;
    if (j < 0 || !s->so[j]) {
      strbuf_printf(err, "the host imports %s, which is not built", s->spec.host_imports[m]);
      return NULL;
    }
    links[m] = s->so[j];
  }
  char cc[1024];
  snprintf(cc, sizeof cc, "%s -include " LOADERLAB_SOURCE_DIR "/sim/grade/host_shim.h", base_cc());
  char saved[1024];
  snprintf(saved, sizeof saved, "%s", base_cc());
  setenv("CC", cc, 1);
  sim_build_spec b = {srcs, n, incs, s->spec.n_include_dirs, "the host program", links,
                      s->spec.n_host_imports};
  char *so = sim__build(&b, err);
  setenv("CC", saved, 1);
  return so;
}

static void free_scenarios(task_scenario *s, int n) {
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < 16; k++) free(s[i].so[k]);
    free(s[i].host_so);
    sim_spec_free(&s[i].spec);
  }
}

/* ---- prepare ------------------------------------------------------------------------ */

static void mode_prepare(const grade_task *t) {
  const char *exercise_dir = need(t, "exercise-dir");
  const char *student_dll = need(t, "student-dll");
  setenv("LOADERLAB_CACHE_DIR", need(t, "cache"), 1);
  static task_scenario s[GRADE_SCENARIOS_MAX];
  int n = task_scenarios(t, s, GRADE_SCENARIOS_MAX);
  grade_record_add(&out, "kind", "prepared");
  for (int i = 0; i < n; i++) {
    struct strbuf err = {0};
    int order[16];
    bool deps[16];
    if (!grade_spec_load(s[i].dir, exercise_dir, student_dll, NULL, &s[i].spec, &err) ||
        !grade_spec_order(&s[i].spec, order, &err))
      fail("scenario %s: %s", s[i].name, strbuf_str(&err));
    bool host_dep = grade_spec_student_dependents(&s[i].spec, deps);
    for (int k = 0; k < s[i].spec.n_dlls; k++) {
      int d = order[k];
      if (deps[d]) continue;
      s[i].so[d] = build_dll(&s[i], d, &err);
      if (!s[i].so[d]) fail("scenario %s does not build: %s", s[i].name, strbuf_str(&err));
      report_image(s[i].name, s[i].spec.dlls[d].name, s[i].so[d]);
    }
    if (!host_dep) {
      s[i].host_so = build_host(&s[i], &err);
      if (!s[i].host_so) fail("scenario %s does not build: %s", s[i].name, strbuf_str(&err));
      report_image(s[i].name, "host.exe", s[i].host_so);
    }
    strbuf_free(&err);
  }
  free_scenarios(s, n);
}

/* ---- compile -------------------------------------------------------------------------- */

/* Compiler messages name files by their full paths; the report names them
 * as the student knows them. */
static char *normalize_paths(const char *text, const char *submission_dir) {
  struct strbuf b = {0};
  char prefix1[PATH_MAX + 1], prefix2[PATH_MAX + 1];
  snprintf(prefix1, sizeof prefix1, "%s/", submission_dir);
  snprintf(prefix2, sizeof prefix2, "%s/", LOADERLAB_SOURCE_DIR);
  size_t n1 = strlen(prefix1), n2 = strlen(prefix2);
  for (const char *p = text; *p;) {
    if (strncmp(p, prefix1, n1) == 0) p += n1;
    else if (strncmp(p, prefix2, n2) == 0) p += n2;
    else strbuf_append(&b, p++, 1);
  }
  if (b.len > GRADE_COMPILER_OUTPUT_MAX) {
    b.len = GRADE_COMPILER_OUTPUT_MAX;
    b.data[b.len] = '\0';
    strbuf_puts(&b, "\n[compiler output cut here]\n");
  }
  return strbuf_take(&b);
}

static void dir_of(const char *path, char *out_dir, size_t size) {
  snprintf(out_dir, size, "%s", path);
  char *slash = strrchr(out_dir, '/');
  if (slash && slash != out_dir) *slash = '\0';
}

/* The child that compiles the student DLL: nobody, confined, limited.
 * Writes a record (nonce "sub") on fd. */
__attribute__((noreturn)) static void compile_student_child(const grade_task *t, task_scenario *s, int n,
                                                            int fd) {
  const char *cache = need(t, "student-cache");
  const char *tmp = need(t, "tmp");
  struct strbuf rec = {0}, err = {0};
  grade_record_begin(&rec, "sub");
  bool root = geteuid() == 0;
  grade_limits lim = {.cpu_s = GRADE_COMPILE_TIME_LIMIT_S, .as_bytes = GRADE_COMPILER_AS_BYTES,
                      .fsize_bytes = GRADE_COMPILER_FSIZE_BYTES, .nofile = GRADE_COMPILER_NOFILE};
  if (!grade_set_limits(&lim, &err) || !grade_drop_privileges(&err)) goto done;
  if (root) {
    grade_limits nproc = {.nproc = GRADE_COMPILER_NPROC};
    if (!grade_set_limits(&nproc, &err)) goto done;
  }
  {
    /* What the compiler may read: the system, the simulator's headers, the
     * folders of the DLL's sources and its scenario's include folders. */
    const char *reads[64];
    static char dirs[48][PATH_MAX];
    int nr = 0, nd = 0;
    static const char *const system_dirs[] = {"/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin",
                                              "/sbin", "/etc", "/dev/null", "/dev/zero", "/dev/urandom"};
    for (size_t i = 0; i < sizeof system_dirs / sizeof system_dirs[0]; i++) reads[nr++] = system_dirs[i];
    reads[nr++] = grade_include_dir();
    for (int i = 0; i < n; i++) {
      const sim_dll_spec *d = NULL;
      for (int k = 0; k < s[i].spec.n_dlls; k++)
        if (strcasecmp(s[i].spec.dlls[k].name, s[i].spec.student_dll) == 0) d = &s[i].spec.dlls[k];
      for (int k = 0; d && k < d->n_sources && nd < 48 && nr < 60; k++) {
        dir_of(d->sources[k], dirs[nd], PATH_MAX);
        reads[nr++] = dirs[nd++];
      }
      for (int k = 0; k < s[i].spec.n_include_dirs && nr < 60; k++) reads[nr++] = s[i].spec.include_dirs[k];
    }
    const char *writes[] = {cache, tmp};
    bool applied;
    if (!grade_landlock(reads, nr, writes, 2, &applied, &err)) goto done;
  }
  char cc[1024];
  snprintf(cc, sizeof cc, "%s -fmax-errors=20", base_cc());
  setenv("CC", cc, 1);
  setenv("TMPDIR", tmp, 1);
  setenv("LOADERLAB_CACHE_DIR", cache, 1);
  for (int i = 0; i < n; i++) {
    int d = -1;
    for (int k = 0; k < s[i].spec.n_dlls; k++)
      if (strcasecmp(s[i].spec.dlls[k].name, s[i].spec.student_dll) == 0) d = k;
    for (int m = 0; d >= 0 && m < s[i].spec.dlls[d].n_imports; m++)
      for (int k = 0; k < s[i].spec.n_dlls; k++)
        if (strcasecmp(s[i].spec.dlls[k].name, s[i].spec.dlls[d].imports[m]) == 0 && !s[i].so[k]) {
          const char *p = given_image(t, s[i].name, s[i].spec.dlls[k].name);
          if (p) s[i].so[k] = strdup(p);
        }
    char *so = d >= 0 ? build_dll(&s[i], d, &err) : NULL;
    if (!so) {
      grade_record_add(&rec, "compile-error", strbuf_str(&err));
      break;
    }
    grade_record_addf(&rec, "student", "%s\t%s", s[i].name, so);
    free(so);
  }
done:
  if (err.len && !strstr(rec.data, "compile-error")) grade_record_add(&rec, "error", strbuf_str(&err));
  grade_record_end(&rec);
  grade_write_all(fd, rec.data, rec.len);
  _exit(0);
}

static void mode_compile(const grade_task *t) {
  const char *exercise_dir = need(t, "exercise-dir");
  const char *student_dll = need(t, "student-dll");
  const char *source = need(t, "student-source");
  static task_scenario s[GRADE_SCENARIOS_MAX];
  int n = task_scenarios(t, s, GRADE_SCENARIOS_MAX);
  struct strbuf err = {0};
  for (int i = 0; i < n; i++)
    if (!grade_spec_load(s[i].dir, exercise_dir, student_dll, source, &s[i].spec, &err))
      fail("scenario %s: %s", s[i].name, strbuf_str(&err));

  int pipefd[2];
  if (pipe(pipefd) != 0) fail("cannot start the compiler: %s", strerror(errno));
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) fail("cannot start the compiler: %s", strerror(errno));
  if (pid == 0) {
    close(pipefd[0]);
    close(GRADE_RESULT_FD);
    compile_student_child(t, s, n, pipefd[1]);
  }
  close(pipefd[1]);
  struct strbuf got = {0};
  char buf[8192];
  for (;;) {
    ssize_t r = read(pipefd[0], buf, sizeof buf);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    if (got.len < GRADE_RECORD_BYTES_MAX) strbuf_append(&got, buf, (size_t)r);
  }
  close(pipefd[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  grade_record sub;
  struct strbuf why = {0};
  if (!grade_record_parse(got.data ? got.data : "", got.len, "sub", &sub, &why)) {
    if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL)) {
      /* The submission made the compiler run away: that is its result. */
      grade_record_add(&out, "kind", "compile-error");
      grade_record_addf(&out, "message", "the compiler did not finish within %.0f s of CPU time",
                        GRADE_COMPILE_TIME_LIMIT_S);
      free_scenarios(s, n);
      return;
    }
    fail("the compiler's process ended without reporting (%s, status %d)", strbuf_str(&why), status);
  }
  const char *error = grade_record_get(&sub, "error");
  if (error) fail("cannot set up the compiler's sandbox: %s", error);
  const char *compile_error = grade_record_get(&sub, "compile-error");
  if (compile_error) {
    char dir[PATH_MAX];
    dir_of(source, dir, sizeof dir);
    char *text = normalize_paths(compile_error, dir);
    grade_record_add(&out, "kind", "compile-error");
    grade_record_add(&out, "message", text);
    free(text);
    grade_record_free(&sub);
    free_scenarios(s, n);
    return;
  }
  grade_record_add(&out, "kind", "compiled");
  setenv("LOADERLAB_CACHE_DIR", need(t, "dependents-cache"), 1);
  for (int i = 0; i < n; i++) {
    int order[16];
    bool deps[16];
    if (!grade_spec_order(&s[i].spec, order, &err)) fail("scenario %s: %s", s[i].name, strbuf_str(&err));
    bool host_dep = grade_spec_student_dependents(&s[i].spec, deps);
    /* Images built in the prepare step, then the student's. */
    for (int k = 0; k < s[i].spec.n_dlls; k++) {
      const char *p = given_image(t, s[i].name, s[i].spec.dlls[k].name);
      if (p) s[i].so[k] = strdup(p);
    }
    for (int f = 0; f < sub.n; f++) {
      const char *v = sub.fields[f].value;
      size_t nl = strlen(s[i].name);
      if (strcmp(sub.fields[f].key, "student") == 0 && strncmp(v, s[i].name, nl) == 0 && v[nl] == '\t')
        for (int k = 0; k < s[i].spec.n_dlls; k++)
          if (strcasecmp(s[i].spec.dlls[k].name, s[i].spec.student_dll) == 0) {
            free(s[i].so[k]);
            s[i].so[k] = strdup(v + nl + 1);
            report_image(s[i].name, s[i].spec.dlls[k].name, s[i].so[k]);
          }
    }
    for (int k = 0; k < s[i].spec.n_dlls; k++) {
      int d = order[k];
      if (!deps[d] || strcasecmp(s[i].spec.dlls[d].name, s[i].spec.student_dll) == 0) continue;
      free(s[i].so[d]);
      s[i].so[d] = build_dll(&s[i], d, &err);
      if (!s[i].so[d]) fail("scenario %s: %s", s[i].name, strbuf_str(&err));
      report_image(s[i].name, s[i].spec.dlls[d].name, s[i].so[d]);
    }
    if (host_dep) {
      s[i].host_so = build_host(&s[i], &err);
      if (!s[i].host_so) fail("scenario %s: %s", s[i].name, strbuf_str(&err));
      report_image(s[i].name, "host.exe", s[i].host_so);
    }
  }
  grade_record_free(&sub);
  strbuf_free(&err);
  free_scenarios(s, n);
}

/* ---- scenario ------------------------------------------------------------------------- */

/* The host shim renames the host's main (host_shim.h); traces call it main
 * again, as `loaderlab replay` of a host built without the shim shows it
 * (same code, same offsets). */
static char *host_names(const char *text) {
  static const char renamed[] = "loaderlab_host_main";
  struct strbuf b = {0};
  for (const char *p = text; *p;) {
    if (strncmp(p, renamed, sizeof renamed - 1) == 0) {
      strbuf_puts(&b, "main");
      p += sizeof renamed - 1;
    } else {
      strbuf_append(&b, p++, 1);
    }
  }
  return strbuf_take(&b);
}

static sim_strategy_kind parse_strategy(const char *s) {
  if (strcmp(s, "random") == 0) return SIM_STRATEGY_RANDOM;
  if (strcmp(s, "pct") == 0) return SIM_STRATEGY_PCT;
  return SIM_STRATEGY_DFS;
}

static void load_error(const char *message) {
  grade_record_add(&out, "kind", "result");
  grade_record_add(&out, "failure", "load-error");
  grade_record_add(&out, "message", message);
  reply_and_exit();
}

/* Builds the program from the images the task names. */
static sim_program *open_program(const grade_task *t, const sim_program_spec *spec, const char *scenario) {
  sim_program *p = calloc(1, sizeof *p);
  if (!p) abort();
  p->name = strdup(scenario);
  p->n_dlls = spec->n_dlls;
  int order[16];
  struct strbuf err = {0};
  if (!grade_spec_order(spec, order, &err)) fail("%s", strbuf_str(&err));
  for (int k = 0; k < spec->n_dlls; k++) {
    int i = order[k];
    const sim_dll_spec *d = &spec->dlls[i];
    const char *path = given_image(t, scenario, d->name);
    if (!path) fail("no image for %s", d->name);
    p->dlls[i].name = strdup(d->name);
    p->dlls[i].n_imports = d->n_imports;
    for (int m = 0; m < d->n_imports; m++)
      for (int j = 0; j < spec->n_dlls; j++)
        if (strcasecmp(spec->dlls[j].name, d->imports[m]) == 0) p->dlls[i].imports[m] = j;
    p->dlls[i].image = sim__image_open(d->name, path, &err);
    if (!p->dlls[i].image) load_error(strbuf_str(&err));
  }
  for (int m = 0; m < spec->n_host_imports; m++)
    for (int j = 0; j < spec->n_dlls; j++)
      if (strcasecmp(spec->dlls[j].name, spec->host_imports[m]) == 0) p->host_imports[p->n_host_imports++] = j;
  const char *host = given_image(t, scenario, "host.exe");
  if (!host) fail("no image for the host");
  p->host = sim__image_open("host.exe", host, &err);
  if (!p->host) load_error(strbuf_str(&err));
  if (!p->host->entry_main) fail("the host program has no main function");
  strbuf_free(&err);
  return p;
}

static void sandbox(const grade_task *t, const char *scenario, double time_limit_s) {
  struct strbuf err = {0};
  /* The simulator's crash handling (its alternate signal stack, handlers and
   * watchdog thread) is set up before the filter, which forbids threads. */
  sim__fault_install();
  if (chdir(need(t, "run-dir")) != 0) fail("cannot enter the scenario's folder: %s", strerror(errno));
  grade_limits lim = {.cpu_s = time_limit_s + GRADE_SCENARIO_GRACE_S, .as_bytes = GRADE_WORKER_AS_BYTES,
                      .fsize_bytes = GRADE_WORKER_FSIZE_BYTES, .nofile = GRADE_WORKER_NOFILE,
                      .nproc_zero = true};
  if (!grade_set_limits(&lim, &err) || !grade_drop_privileges(&err)) fail("%s", strbuf_str(&err));
  const char *reads[32];
  int nr = 0;
  static const char *const system_dirs[] = {"/usr", "/lib", "/lib32", "/lib64", "/libx32",
                                            "/etc/ld.so.cache"};
  for (size_t i = 0; i < sizeof system_dirs / sizeof system_dirs[0]; i++) reads[nr++] = system_dirs[i];
#ifdef LOADERLAB_ASAN
  /* AddressSanitizer reads the process's own map to find the main stack
   * when a signal is handled. */
  reads[nr++] = "/proc/self/maps";
#endif
  size_t ns = strlen(scenario);
  for (int i = 0; i < t->n && nr < 32; i++)
    if (strcmp(t->fields[i].key, "image") == 0) {
      const char *v = t->fields[i].value;
      const char *tab = strchr(v + ns + 1, '\t');
      if (tab) reads[nr++] = tab + 1;
    }
  bool applied;
  if (!grade_landlock(reads, nr, NULL, 0, &applied, &err)) fail("%s", strbuf_str(&err));
  if (!grade_seccomp_install(nonce, &err)) fail("%s", strbuf_str(&err));
  strbuf_free(&err);
}

static void mode_scenario(const grade_task *t) {
  const char *scenario = need(t, "scenario");
  sim_program_spec spec;
  struct strbuf err = {0};
  if (!grade_spec_load(need(t, "scenario-dir"), need(t, "exercise-dir"), need(t, "student-dll"),
                       need(t, "student-source"), &spec, &err))
    fail("scenario %s: %s", scenario, strbuf_str(&err));
  grade_search_options o;
  memset(&o, 0, sizeof o);
  o.strategy = parse_strategy(need(t, "strategy"));
  o.bound = (int)need_u64(t, "bound");
  o.schedules = need_u64(t, "schedules");
  o.seed = need_u64(t, "seed");
  o.depth = (int)need_u64(t, "depth");
  o.time_limit_s = strtod(need(t, "time-limit"), NULL);
  o.progress = grade_record_get(t, "progress");
  sim_options_default(&o.run);
  if (spec.steps_max) o.run.steps_max = spec.steps_max;

  double started = grade_now();
  sandbox(t, scenario, o.time_limit_s);
  /* From here on, student code may run. */
  sim_program *p = open_program(t, &spec, scenario);
  grade_search_result r;
  grade_search(p, &o, &r);

  grade_record_add(&out, "kind", "result");
  grade_record_addf(&out, "schedules", "%" PRIu64, r.schedules);
  grade_record_addf(&out, "exhausted", "%d", r.exhausted);
  grade_record_addf(&out, "in-bound", "%" PRIu64, r.in_bound);
  grade_record_addf(&out, "timed-out", "%d", r.timed_out);
  grade_record_addf(&out, "progress-seen", "%d", r.progress_seen);
  grade_record_addf(&out, "progress-at", "%" PRIu64, r.progress_at);
  if (r.failure == GRADE_FAILURE_NONE) {
    grade_record_add(&out, "failure", r.timed_out ? "time-limit" : "none");
    reply_and_exit();
  }
  /* The evidence: random and PCT finds are shortened (DFS finds have the
   * fewest preemptions already), then replayed with a trace. */
  sim_schedule evidence;
  sim_schedule_copy(&evidence, &r.schedule);
  /* Left as found: a memory failure (it does not depend on the
   * interleaving, and each of its runs is costly) and a hang (each of its
   * runs costs the simulator's watchdog two seconds of CPU time). */
  bool costly = r.failure == GRADE_FAILURE_MEMORY || (r.failure == GRADE_FAILURE_VERDICT && r.kind == SIM_VERDICT_HANG);
  if (o.strategy != SIM_STRATEGY_DFS && !costly)
    grade_shorten(p, &o.run, r.failure, r.kind, r.preemptions, started + o.time_limit_s, &evidence);
  sim_result res;
  sim_result_init(&res);
  memset(&loaderlab_grade_host, 0, sizeof loaderlab_grade_host);
  sim_replay(p, &o.run, &evidence, &res);
  int code;
  grade_failure again = grade_classify_run(&res, &code);
  if (again != r.failure || (again == GRADE_FAILURE_VERDICT && res.verdict.kind != r.kind)) {
    /* Shortening must keep the failure; if it did not, show the run as found. */
    sim_result_reset(&res);
    memset(&loaderlab_grade_host, 0, sizeof loaderlab_grade_host);
    sim_replay(p, &o.run, &r.schedule, &res);
  }
  char *enc = sim_schedule_encode(&res.schedule);
  struct strbuf report = {0}, trace = {0};
  sim_report_verdict(&report, &res);
  grade_trace_short(&res, &trace);
  struct strbuf message = {0};
  const char *failure = "host-unfinished";
  if (r.failure == GRADE_FAILURE_VERDICT) {
    failure = "verdict";
    strbuf_puts(&message, res.verdict.message ? res.verdict.message : "");
  } else if (r.failure == GRADE_FAILURE_MEMORY) {
    failure = "memory-limit";
    strbuf_printf(&message, "the program still held %zu MiB of heap when the host finished; the limit is %zu MiB "
                  "(a DLL that allocates until malloc fails ends here)", loaderlab_grade_host.heap_bytes >> 20,
                  GRADE_HEAP_BYTES_MAX >> 20);
  } else if (r.failure == GRADE_FAILURE_EXIT_CODE) {
    failure = "exit-code";
    strbuf_printf(&message, "the host's checks failed: the process exited with code %d", r.exit_code);
  } else {
    strbuf_printf(&message, "the process ended before the host program finished (%s); only the host "
                  "may end it", res.verdict.message ? res.verdict.message : "it ended");
  }
  grade_record_add(&out, "failure", failure);
  if (r.failure == GRADE_FAILURE_VERDICT) grade_record_add(&out, "verdict", sim_verdict_id(r.kind));
  grade_record_add(&out, "message", strbuf_str(&message));
  if (r.failure != GRADE_FAILURE_VERDICT) {
    /* The simulator calls such a run ok; the report says why it is not. */
    strbuf_reset(&report);
    strbuf_printf(&report, "%s\n", strbuf_str(&message));
  }
  char *report_text = host_names(strbuf_str(&report));
  char *trace_text = host_names(strbuf_str(&trace));
  grade_record_add(&out, "report", report_text);
  grade_record_add(&out, "trace", trace_text);
  grade_record_add(&out, "schedule", enc);
  grade_record_addf(&out, "preemptions", "%d", res.preemptions);
  grade_record_addf(&out, "found-at", "%" PRIu64, r.found_at);
  reply_and_exit();
}

int grade_worker_main(void) {
  /* The result descriptor is the parent's alone: no compiler or other
   * program this worker starts inherits it. */
  if (fcntl(GRADE_RESULT_FD, F_SETFD, FD_CLOEXEC) != 0) return 2;
  umask(022);
  char *text = read_task();
  grade_task t;
  struct strbuf err = {0};
  if (!grade_task_parse(text, &t, &err)) fail("%s", strbuf_str(&err));
  nonce = need(&t, "nonce");
  grade_record_begin(&out, nonce);
  const char *mode = need(&t, "mode");
  if (strcmp(mode, "prepare") == 0) mode_prepare(&t);
  else if (strcmp(mode, "compile") == 0) mode_compile(&t);
  else if (strcmp(mode, "scenario") == 0) mode_scenario(&t);
  else fail("unknown worker mode %s", mode);
  reply_and_exit();
  return 0;
}

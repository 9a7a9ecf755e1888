/* The exercises (exercises/NN-name/) and their solutions (solutions/NN-name/)
 * hold what they claim, read from the files a student and the grader read:
 *
 * - the exercise's buggy DLL gets, in every scenario of its grade.txt, the
 *   `buggy` verdict the manifest gives, under the manifest's strategy and
 *   budget (for `buggy ok`, an exhausted search that finds nothing), and
 *   the schedule it finds replays to the same verdict;
 * - the reference solution passes every scenario: an exhaustive search
 *   within the scenario's preemption bound finds no failure, and the
 *   scenario's `progress` line, if any, is in the program's output;
 * - every wrong fix fails as WRONG-FIXES.md says: each command of the form
 *   `loaderlab explore EX/SCENARIO --dll FILE [options]` or
 *   `loaderlab run EX/SCENARIO --dll FILE --seed N` followed by a line
 *   `# verdict: NAME` is run, and the failure it reports must be NAME (the
 *   simulator's verdict name, as loaderlab prints it); every wrong-*.c
 *   file of the solution folder must have such a command.
 *
 * The grade manifest's format is exercises/README.md's; this file reads
 * only the directives and keys the checks above need, and rejects the
 * rest, so a manifest this test accepts is one the grader can read.
 *
 * Left out: hidden scenarios (they live outside the repository) and the
 * points (the grader's business).
 */
#include "harness.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXERCISES_DIR TESTS_DIR "/../exercises"
#define SOLUTIONS_DIR TESTS_DIR "/../solutions"
#define SCENARIOS_MAX 16
#define WRONG_FIXES_MAX 16

/* ---- grade.txt -------------------------------------------------------- */

typedef struct grade_scenario {
  char name[64];
  sim_strategy_kind strategy;
  int bound;                      /* dfs */
  uint64_t schedules;             /* random and pct budget; a cap for dfs */
  uint64_t seed;
  int depth;                      /* pct */
  char buggy[32];                 /* verdict id */
  char progress[256];             /* "" when none */
} grade_scenario;

typedef struct grade_manifest {
  char exercise[64];
  char submission[64];
  grade_scenario scenarios[SCENARIOS_MAX];
  int n_scenarios;
} grade_manifest;

/* Splits a line into words: blanks separate, "..." quotes (with \" and
 * \\), # outside quotes starts a comment.  Returns the word count. */
static int split_words(const char *path, int lineno, char *line, char **words, int max) {
  int n = 0;
  char *p = line;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (!*p || *p == '#') return n;
    cr_assert_lt(n, max, "%s:%d: too many words", path, lineno);
    if (*p == '"') {
      char *out = ++p;
      words[n++] = out;
      while (*p && *p != '"') {
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
        *out++ = *p++;
      }
      cr_assert_eq(*p, '"', "%s:%d: a quoted string is not closed", path, lineno);
      p++;
      *out = '\0';
    } else {
      words[n++] = p;
      while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') p++;
      if (*p) *p++ = '\0';
    }
  }
}

static uint64_t number(const char *path, int lineno, const char *key, const char *text) {
  char *end;
  unsigned long long v = strtoull(text, &end, 10);
  cr_assert(*text && !*end && text[0] != '-', "%s:%d: %s needs a number, not \"%s\"", path,
            lineno, key, text);
  return v;
}

static void read_manifest(const char *exercise, grade_manifest *m) {
  memset(m, 0, sizeof *m);
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s/grade.txt", EXERCISES_DIR, exercise);
  FILE *f = fopen(path, "r");
  cr_assert(f, "cannot read %s", path);
  char line[1024];
  for (int lineno = 1; fgets(line, sizeof line, f); lineno++) {
    char *w[48];
    int n = split_words(path, lineno, line, w, 48);
    if (n == 0) continue;
    if (strcmp(w[0], "exercise") == 0 && n == 2) {
      snprintf(m->exercise, sizeof m->exercise, "%s", w[1]);
    } else if (strcmp(w[0], "submission") == 0 && n == 2) {
      snprintf(m->submission, sizeof m->submission, "%s", w[1]);
    } else if (strcmp(w[0], "scenario") == 0 && n >= 2) {
      cr_assert_lt(m->n_scenarios, SCENARIOS_MAX, "%s:%d: too many scenarios", path, lineno);
      grade_scenario *s = &m->scenarios[m->n_scenarios++];
      snprintf(s->name, sizeof s->name, "%s", w[1]);
      s->strategy = SIM_STRATEGY_DFS;
      s->bound = 2;
      s->seed = 1;
      s->depth = 3;
      bool points = false;
      for (int i = 2; i < n; i++) {
        const char *k = w[i];
        bool has_value = i + 1 < n;
        if (strcmp(k, "public") == 0 || strcmp(k, "hidden") == 0) continue;
        cr_assert(has_value, "%s:%d: %s needs a value", path, lineno, k);
        const char *v = w[++i];
        if (strcmp(k, "points") == 0) {
          (void)number(path, lineno, k, v);
          points = true;
        } else if (strcmp(k, "details") == 0) {
          cr_assert_str_eq(v, "shown", "%s:%d: write `details shown`", path, lineno);
        } else if (strcmp(k, "strategy") == 0) {
          if (strcmp(v, "dfs") == 0) s->strategy = SIM_STRATEGY_DFS;
          else if (strcmp(v, "random") == 0) s->strategy = SIM_STRATEGY_RANDOM;
          else if (strcmp(v, "pct") == 0) s->strategy = SIM_STRATEGY_PCT;
          else cr_assert_fail("%s:%d: strategy %s", path, lineno, v);
        } else if (strcmp(k, "bound") == 0) {
          s->bound = (int)number(path, lineno, k, v);
        } else if (strcmp(k, "schedules") == 0) {
          s->schedules = number(path, lineno, k, v);
        } else if (strcmp(k, "seed") == 0) {
          s->seed = number(path, lineno, k, v);
        } else if (strcmp(k, "depth") == 0) {
          s->depth = (int)number(path, lineno, k, v);
        } else if (strcmp(k, "time-limit") == 0) {
          (void)number(path, lineno, k, v);
        } else if (strcmp(k, "buggy") == 0) {
          snprintf(s->buggy, sizeof s->buggy, "%s", v);
        } else if (strcmp(k, "progress") == 0) {
          snprintf(s->progress, sizeof s->progress, "%s", v);
        } else {
          cr_assert_fail("%s:%d: unknown key \"%s\"", path, lineno, k);
        }
      }
      cr_assert(points, "%s:%d: scenario %s has no points", path, lineno, s->name);
      cr_assert(s->buggy[0], "%s:%d: scenario %s does not say what the buggy DLL gets", path,
                lineno, s->name);
      bool known = strcmp(s->buggy, "ok") == 0;
      for (int k = 0; k < SIM_VERDICT_COUNT; k++)
        if (strcmp(s->buggy, sim_verdict_id((sim_verdict_kind)k)) == 0) known = true;
      cr_assert(known, "%s:%d: \"%s\" is not a verdict id", path, lineno, s->buggy);
    } else {
      cr_assert_fail("%s:%d: unknown directive or wrong word count: %s", path, lineno, w[0]);
    }
  }
  fclose(f);
  cr_assert_str_eq(m->exercise, exercise, "%s: `exercise` must name its own folder", path);
  cr_assert(m->submission[0], "%s: no `submission NAME.dll` line", path);
  cr_assert_gt(m->n_scenarios, 0, "%s: no scenario", path);
}

/* ---- Building a scenario, with or without a replacement DLL --------------- */

typedef struct built {
  sim_program *program;
  uint64_t steps_max;             /* the scenario's, 0 for the default */
  char student_source[PATH_MAX];  /* the exercise file the student replaces */
} built;

static void build(const char *exercise, const char *scenario, const char *replacement,
                  const char *submission, built *out) {
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/%s/scenarios/%s", EXERCISES_DIR, exercise, scenario);
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_assert(sim_scenario_load(dir, &spec, &err), "%s", strbuf_str(&err));
  cr_assert(spec.student_dll, "%s: no `student` line", dir);
  cr_assert(strcasecmp(spec.student_dll, submission) == 0,
            "%s names student %s, grade.txt's submission is %s", dir, spec.student_dll, submission);
  for (int i = 0; i < spec.n_dlls; i++)
    if (strcasecmp(spec.dlls[i].name, spec.student_dll) == 0)
      snprintf(out->student_source, sizeof out->student_source, "%s", spec.dlls[i].sources[0]);
  if (replacement)
    cr_assert(sim_spec_replace_student(&spec, replacement, &err), "%s", strbuf_str(&err));
  out->steps_max = spec.steps_max;
  out->program = sim_program_build(&spec, &err);
  cr_assert(out->program, "cannot build %s with %s: %s", dir, replacement ? replacement : "its DLL",
            strbuf_str(&err));
  sim_spec_free(&spec);
  strbuf_free(&err);
}

static void explore_options(const built *b, sim_explore_options *o) {
  sim_explore_options_default(o);
  if (b->steps_max) o->run.steps_max = b->steps_max;
}

/* The failure an exploration found, with its trace, for a test message. */
static char *describe(const built *b, const sim_explore_result *e) {
  if (!e->found) return strdup("no failure");
  sim_result r;
  th_replay_found(b->program, e, &r);
  char *text = strdup(th_trace(&r));
  sim_result_free(&r);
  return text;
}

/* ---- The three checks ------------------------------------------------------- */

static void check_buggy(const char *exercise) {
  grade_manifest m;
  read_manifest(exercise, &m);
  for (int i = 0; i < m.n_scenarios; i++) {
    const grade_scenario *s = &m.scenarios[i];
    built b;
    build(exercise, s->name, NULL, m.submission, &b);
    sim_explore_options o;
    explore_options(&b, &o);
    o.strategy = s->strategy;
    o.preemption_bound = s->bound;
    o.schedules_max = s->schedules;
    o.seed = s->seed;
    o.depth = s->depth;
    sim_explore_result e;
    th_explore_with(b.program, &o, &e);
    if (strcmp(s->buggy, "ok") == 0) {
      char *why = describe(&b, &e);
      cr_expect(!e.found, "%s/%s: grade.txt says the buggy DLL passes, it gets %s:\n%s", exercise,
                s->name, sim_verdict_name(e.kind), why);
      free(why);
      if (s->strategy == SIM_STRATEGY_DFS)
        cr_expect(e.exhausted, "%s/%s: the search within %d preemptions did not finish", exercise,
                  s->name, s->bound);
    } else {
      cr_expect(e.found, "%s/%s: grade.txt says %s, the search found nothing", exercise, s->name,
                s->buggy);
      if (e.found) {
        cr_expect_str_eq(sim_verdict_id(e.kind), s->buggy, "%s/%s: grade.txt says %s, found %s",
                         exercise, s->name, s->buggy, sim_verdict_id(e.kind));
        /* The schedule a student is shown replays to the same verdict. */
        sim_result r;
        th_replay_found(b.program, &e, &r);
        cr_expect_eq(r.verdict.kind, e.kind, "%s/%s: the replay ended in %s", exercise, s->name,
                     sim_verdict_name(r.verdict.kind));
        sim_result_free(&r);
      }
    }
    sim_explore_result_free(&e);
    sim_program_free(b.program);
  }
}

/* The solution replaces the exercise's file of the same name. */
static void solution_path(const char *exercise, const built *b, char *out, size_t size) {
  const char *base = strrchr(b->student_source, '/');
  int n = snprintf(out, size, "%s/%s/%s", SOLUTIONS_DIR, exercise, base ? base + 1 : b->student_source);
  cr_assert(n > 0 && (size_t)n < size, "path too long");
}

static void check_solution(const char *exercise) {
  grade_manifest m;
  read_manifest(exercise, &m);
  for (int i = 0; i < m.n_scenarios; i++) {
    const grade_scenario *s = &m.scenarios[i];
    built buggy;
    build(exercise, s->name, NULL, m.submission, &buggy);
    char fix[PATH_MAX * 2];
    solution_path(exercise, &buggy, fix, sizeof fix);
    sim_program_free(buggy.program);
    built b;
    build(exercise, s->name, fix, m.submission, &b);
    sim_explore_options o;
    explore_options(&b, &o);
    o.strategy = SIM_STRATEGY_DFS;
    o.preemption_bound = s->strategy == SIM_STRATEGY_DFS ? s->bound : 2;
    sim_explore_result e;
    th_explore_with(b.program, &o, &e);
    char *why = describe(&b, &e);
    cr_expect(!e.found, "%s/%s: the reference solution fails: %s\n%s", exercise, s->name,
              sim_verdict_name(e.kind), why);
    free(why);
    cr_expect(e.exhausted, "%s/%s: the search within %d preemptions did not finish", exercise,
              s->name, o.preemption_bound);
    sim_explore_result_free(&e);
    if (s->progress[0]) {
      sim_result r;
      th_run(b.program, &r);
      cr_expect(strstr(th_stdout(&r), s->progress), "%s/%s: no line with \"%s\" in:\n%s", exercise,
                s->name, s->progress, th_stdout(&r));
      sim_result_free(&r);
    }
    sim_program_free(b.program);
  }
}

typedef struct wrong_fix_claim {
  char command[1024];
  char scenario[128];             /* EXERCISE/SCENARIO */
  char file[PATH_MAX];            /* as written, relative to the repository */
  char verdict[64];
  bool run;                       /* `run --seed N` rather than `explore` */
  sim_explore_options options;
} wrong_fix_claim;

/* Parses `loaderlab explore EX/SCENARIO --dll FILE [options]` or
 * `loaderlab run EX/SCENARIO --dll FILE --seed N`. */
static void parse_command(const char *doc, wrong_fix_claim *c) {
  char copy[1024];
  snprintf(copy, sizeof copy, "%s", c->command);
  char *w[32];
  int n = 0;
  for (char *t = strtok(copy, " "); t && n < 32; t = strtok(NULL, " ")) w[n++] = t;
  cr_assert(n >= 5 && (strcmp(w[1], "explore") == 0 || strcmp(w[1], "run") == 0),
            "%s: not an explore or run command: %s", doc, c->command);
  c->run = strcmp(w[1], "run") == 0;
  snprintf(c->scenario, sizeof c->scenario, "%s", w[2]);
  sim_explore_options_default(&c->options);
  for (int i = 3; i < n; i++) {
    cr_assert(i + 1 < n, "%s: %s needs a value in: %s", doc, w[i], c->command);
    const char *k = w[i], *v = w[++i];
    if (strcmp(k, "--dll") == 0) snprintf(c->file, sizeof c->file, "%s", v);
    else if (strcmp(k, "--strategy") == 0)
      c->options.strategy = strcmp(v, "dfs") == 0 ? SIM_STRATEGY_DFS
                            : strcmp(v, "pct") == 0 ? SIM_STRATEGY_PCT
                                                    : SIM_STRATEGY_RANDOM;
    else if (strcmp(k, "--preemption-bound") == 0) c->options.preemption_bound = atoi(v);
    else if (strcmp(k, "--schedules") == 0) c->options.schedules_max = strtoull(v, NULL, 10);
    else if (strcmp(k, "--seed") == 0) c->options.seed = strtoull(v, NULL, 10);
    else if (strcmp(k, "--depth") == 0) c->options.depth = atoi(v);
    else cr_assert_fail("%s: option %s is not one this test runs: %s", doc, k, c->command);
  }
  cr_assert(c->file[0], "%s: no --dll in: %s", doc, c->command);
  cr_assert(!c->run || strstr(c->command, " --seed "), "%s: a run needs --seed: %s", doc, c->command);
}

/* Every `loaderlab explore` line followed by a `# verdict:` line. */
static int read_wrong_fixes(const char *exercise, wrong_fix_claim *claims) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s/WRONG-FIXES.md", SOLUTIONS_DIR, exercise);
  FILE *f = fopen(path, "r");
  cr_assert(f, "cannot read %s", path);
  char line[1024], pending[1024] = "";
  int n = 0;
  while (fgets(line, sizeof line, f)) {
    char *p = line;
    while (*p == ' ' || *p == '$') p++;
    p[strcspn(p, "\r\n")] = '\0';
    if (strncmp(p, "loaderlab explore ", 18) == 0 || strncmp(p, "loaderlab run ", 14) == 0) {
      snprintf(pending, sizeof pending, "%s", p);
    } else if (strncmp(p, "# verdict: ", 11) == 0) {
      cr_assert(pending[0], "%s: a `# verdict:` line without a command above it", path);
      cr_assert_lt(n, WRONG_FIXES_MAX, "%s: too many commands", path);
      wrong_fix_claim *c = &claims[n++];
      memset(c, 0, sizeof *c);
      snprintf(c->command, sizeof c->command, "%s", pending);
      snprintf(c->verdict, sizeof c->verdict, "%s", p + 11);
      parse_command(path, c);
      pending[0] = '\0';
    } else if (*p) {
      pending[0] = '\0';
    }
  }
  fclose(f);
  return n;
}

static void check_wrong_fixes(const char *exercise) {
  grade_manifest m;
  read_manifest(exercise, &m);
  wrong_fix_claim claims[WRONG_FIXES_MAX];
  int n = read_wrong_fixes(exercise, claims);
  cr_assert_gt(n, 0, "%s: WRONG-FIXES.md shows no command", exercise);

  /* Every wrong fix of the folder is shown failing. */
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/%s", SOLUTIONS_DIR, exercise);
  DIR *d = opendir(dir);
  cr_assert(d, "no folder %s", dir);
  for (struct dirent *e; (e = readdir(d));) {
    size_t len = strlen(e->d_name);
    if (strncmp(e->d_name, "wrong-", 6) != 0 || len < 2 || strcmp(e->d_name + len - 2, ".c") != 0)
      continue;
    bool shown = false;
    for (int i = 0; i < n; i++) {
      const char *base = strrchr(claims[i].file, '/');
      if (strcmp(base ? base + 1 : claims[i].file, e->d_name) == 0) shown = true;
    }
    cr_expect(shown, "%s/%s: WRONG-FIXES.md has no command showing it fail", exercise, e->d_name);
  }
  closedir(d);

  for (int i = 0; i < n; i++) {
    wrong_fix_claim *c = &claims[i];
    const char *slash = strchr(c->scenario, '/');
    cr_assert(slash && strncmp(c->scenario, exercise, (size_t)(slash - c->scenario)) == 0,
              "%s: the command runs another exercise's scenario: %s", exercise, c->command);
    char file[PATH_MAX + sizeof TESTS_DIR + 8];
    snprintf(file, sizeof file, "%s/../%s", TESTS_DIR, c->file);
    built b;
    build(exercise, slash + 1, file, m.submission, &b);
    if (b.steps_max) c->options.run.steps_max = b.steps_max;
    if (c->run) {
      sim_result r;
      sim_result_init(&r);
      sim_strategy *random = sim_strategy_random(c->options.seed);
      sim_run_program(b.program, &c->options.run, random, &r);
      sim_strategy_destroy(random);
      cr_expect_str_eq(sim_verdict_name(r.verdict.kind), c->verdict,
                       "%s: WRONG-FIXES.md says %s, the run ended in %s", c->command, c->verdict,
                       sim_verdict_name(r.verdict.kind));
      sim_result_free(&r);
    } else {
      sim_explore_result e;
      th_explore_with(b.program, &c->options, &e);
      cr_expect(e.found, "%s: WRONG-FIXES.md says %s, the search found nothing", c->command,
                c->verdict);
      if (e.found)
        cr_expect_str_eq(sim_verdict_name(e.kind), c->verdict,
                         "%s: WRONG-FIXES.md says %s, found %s", c->command, c->verdict,
                         sim_verdict_name(e.kind));
      sim_explore_result_free(&e);
    }
    sim_program_free(b.program);
  }
}

/* ---- One test per exercise and check ------------------------------------------ */

#define EXERCISE_TESTS(id, name)                                                     \
  Test(exercises, id##_buggy_dll_fails_as_grade_txt_says) { check_buggy(name); }     \
  Test(exercises, id##_solution_passes_every_scenario) { check_solution(name); }     \
  Test(exercises, id##_wrong_fixes_fail_as_WRONG_FIXES_md_says) { check_wrong_fixes(name); }

EXERCISE_TESTS(ex01, "01-static-runtime")
EXERCISE_TESTS(ex02, "02-thread-in-dllmain")
EXERCISE_TESTS(ex03, "03-lock-order")
EXERCISE_TESTS(ex04, "04-unload-before-start")
EXERCISE_TESTS(ex05, "05-self-unload")
EXERCISE_TESTS(ex06, "06-process-exit")
EXERCISE_TESTS(ex07, "07-batch-steal")
EXERCISE_TESTS(ex08, "08-port-close")

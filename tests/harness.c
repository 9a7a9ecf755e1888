/* Test helpers (see harness.h). */
#include "harness.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static sim_program *build_spec(sim_program_spec *spec) {
  struct strbuf err = {0};
  sim_program *p = sim_program_build(spec, &err);
  if (!p) cr_assert_fail("cannot build %s: %s", spec->name, strbuf_str(&err));
  strbuf_free(&err);
  sim_spec_free(spec);
  return p;
}

sim_program *th_build(const char *host, ...) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  char path[4096];
  /* A file of tests/programs, or one a test wrote elsewhere. */
  if (host[0] == '/') snprintf(path, sizeof path, "%s", host);
  else snprintf(path, sizeof path, "%s/programs/%s", TESTS_DIR, host);
  cr_assert(sim_spec_set_host(&spec, path, &err), "%s", strbuf_str(&err));
  free(spec.name);
  spec.name = strdup(host);
  va_list ap;
  va_start(ap, host);
  for (const char *dll; (dll = va_arg(ap, const char *));) {
    const char *eq = strchr(dll, '=');
    cr_assert(eq, "write NAME.dll=FILE.c, not %s", dll);
    snprintf(path, sizeof path, "%.*s=%s/programs/%s", (int)(eq - dll), dll, TESTS_DIR, eq + 1);
    cr_assert(sim_spec_add_dll(&spec, path, &err), "%s", strbuf_str(&err));
  }
  va_end(ap);
  strbuf_free(&err);
  return build_spec(&spec);
}

static void scenario_path(const char *dir, char *out, size_t size) {
  if (dir[0] == '/') snprintf(out, size, "%s", dir);
  else snprintf(out, size, "%s/%s", TESTS_DIR, dir);
}

sim_program *th_scenario(const char *dir) {
  char path[4096];
  scenario_path(dir, path, sizeof path);
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_assert(sim_scenario_load(path, &spec, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
  return build_spec(&spec);
}

sim_program *th_scenario_with(const char *dir, const char *student_file) {
  char path[4096], file[8192];
  scenario_path(dir, path, sizeof path);
  snprintf(file, sizeof file, "%s/%s", path, student_file);
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_assert(sim_scenario_load(path, &spec, &err), "%s", strbuf_str(&err));
  cr_assert(sim_spec_replace_student(&spec, file, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
  return build_spec(&spec);
}

static void run_with(sim_program *p, sim_strategy *s, sim_result *r) {
  sim_options o;
  sim_options_default(&o);
  o.trace = true;
  sim_result_init(r);
  sim_run_program(p, &o, s, r);
  sim_strategy_destroy(s);
}

void th_run(sim_program *p, sim_result *r) {
  sim_schedule none = {0};
  run_with(p, sim_strategy_replay(&none, true, NULL), r);
}

void th_run_random(sim_program *p, uint64_t seed, sim_result *r) {
  run_with(p, sim_strategy_random(seed), r);
}

void th_replay(sim_program *p, const char *schedule, sim_result *r) {
  sim_schedule s;
  struct strbuf err = {0};
  cr_assert(sim_schedule_decode(schedule, &s, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
  run_with(p, sim_strategy_replay(&s, false, NULL), r);
  sim_schedule_free(&s);
}

void th_explore(sim_program *p, sim_strategy_kind kind, int bound_or_depth, uint64_t schedules,
                sim_explore_result *out) {
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = kind;
  if (kind == SIM_STRATEGY_DFS) o.preemption_bound = bound_or_depth;
  if (kind == SIM_STRATEGY_PCT) o.depth = bound_or_depth;
  o.schedules_max = schedules;
  struct strbuf err = {0};
  cr_assert(sim_explore(p, &o, out, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
}

static struct strbuf trace_buf;

const char *th_trace(const sim_result *r) {
  strbuf_reset(&trace_buf);
  sim_report_trace_text(&trace_buf, r);
  sim_report_verdict(&trace_buf, r);
  return strbuf_str(&trace_buf);
}

bool th_trace_has(const sim_result *r, const char *needle) {
  return strstr(th_trace(r), needle) != NULL;
}

const char *th_stdout(const sim_result *r) { return strbuf_str(&r->out); }

/* ---- Added for the simulator-core suites --------------------------------- */

void th_run_with(sim_program *p, const sim_options *o, sim_result *r) {
  sim_options mine = *o;
  mine.trace = true;
  sim_schedule none = {0};
  sim_strategy *s = sim_strategy_replay(&none, true, NULL);
  sim_result_init(r);
  sim_run_program(p, &mine, s, r);
  sim_strategy_destroy(s);
}

void th_explore_with(sim_program *p, const sim_explore_options *o, sim_explore_result *out) {
  struct strbuf err = {0};
  cr_assert(sim_explore(p, o, out, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
}

void th_replay_found(sim_program *p, const sim_explore_result *e, sim_result *r) {
  cr_assert(e->found, "the exploration found no bug to replay");
  sim_options o;
  sim_options_default(&o);
  sim_result_init(r);
  sim_replay(p, &o, &e->bug, r);
}

void th_expect_every_schedule_ok(sim_program *p, int bound, uint64_t schedules_min,
                                 const sim_options *run) {
  cr_assert_geq(schedules_min, 2, "one schedule says nothing about interleavings");
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.preemption_bound = bound;
  /* Every schedule, not one per class of executions: schedules_min is a
   * measure of how much the program interleaves, counted in schedules
   * (test_reduction checks that the reduced search finds what this one
   * does, test_state_cache that the search with the state cache does). */
  o.reduce = false;
  o.state_cache = false;
  if (run) o.run = *run;
  sim_explore_result e;
  th_explore_with(p, &o, &e);
  if (e.found) {
    /* Show the counterexample, replayed under the options that found it:
     * it is what a reader needs to see why. */
    sim_result r;
    sim_result_init(&r);
    sim_replay(p, &o.run, &e.bug, &r);
    char *schedule = sim_schedule_encode(&e.bug);
    cr_expect(false, "schedule %s (%d preemptions, at most %d allowed) ends in %s:\n%s", schedule,
              e.bug_preemptions, bound, sim_verdict_name(e.kind), th_trace(&r));
    free(schedule);
    sim_result_free(&r);
  }
  cr_expect(e.exhausted, "the search within %d preemptions should run to the end", bound);
  cr_expect_geq(e.schedules, schedules_min,
                "only %llu schedules within %d preemptions, fewer than the %llu this rule needs: "
                "the program interleaves too little for the search to check it",
                (unsigned long long)e.schedules, bound, (unsigned long long)schedules_min);
  sim_explore_result_free(&e);
}

uint64_t th_step_of(const sim_result *r, const char *needle) {
  for (int i = 0; i < r->n_events; i++)
    if (r->events[i].what && strstr(r->events[i].what, needle)) return r->events[i].step;
  return 0;
}

static char *schedule_text;

const char *th_schedule(const sim_result *r) {
  free(schedule_text);
  schedule_text = sim_schedule_encode(&r->schedule);
  return schedule_text;
}

const char *th_stderr(const sim_result *r) { return strbuf_str(&r->err); }
const char *th_warnings(const sim_result *r) { return strbuf_str(&r->warnings); }
const char *th_resources(const sim_result *r) { return strbuf_str(&r->resources); }
const char *th_message(const sim_result *r) { return r->verdict.message ? r->verdict.message : ""; }
const char *th_details(const sim_result *r) { return r->verdict.details ? r->verdict.details : ""; }

static bool is_c_file(const char *name) {
  size_t n = strlen(name);
  return n > 2 && strcmp(name + n - 2, ".c") == 0;
}

int th_each_exercise_program(int from, int to,
                             void (*fn)(sim_program *p, const char *name, const char *solution, void *ctx),
                             void *ctx) {
  char root[4096];
  snprintf(root, sizeof root, "%s/../exercises", TESTS_DIR);
  DIR *d = opendir(root);
  cr_assert(d, "cannot list %s", root);
  struct dirent *e;
  int built = 0;
  while ((e = readdir(d))) {
    int number = atoi(e->d_name);
    if (e->d_name[0] < '0' || e->d_name[0] > '9' || number < from || number > to) continue;
    char sdir[8192], soldir[8192];
    snprintf(sdir, sizeof sdir, "%s/%s/scenarios", root, e->d_name);
    snprintf(soldir, sizeof soldir, "%s/../solutions/%s", TESTS_DIR, e->d_name);
    /* The submissions: "" (the exercise's own buggy DLL), then the
     * solution folder's C files. */
    char files[16][256];
    int n_files = 0;
    files[n_files++][0] = '\0';
    DIR *sd = opendir(soldir);
    cr_assert(sd, "%s has no solution folder %s", e->d_name, soldir);
    struct dirent *f;
    while ((f = readdir(sd)))
      if (is_c_file(f->d_name) && n_files < 16) snprintf(files[n_files++], sizeof files[0], "%s", f->d_name);
    closedir(sd);
    DIR *scen = opendir(sdir);
    cr_assert(scen, "%s has no scenarios", e->d_name);
    struct dirent *sc;
    while ((sc = readdir(scen))) {
      if (sc->d_name[0] == '.') continue;
      char sub[12288];
      snprintf(sub, sizeof sub, "%s/%s", sdir, sc->d_name);
      for (int i = 0; i < n_files; i++) {
        char name[8192], student[8192];
        sim_program *p;
        if (!files[i][0]) {
          p = th_scenario(sub);
          snprintf(name, sizeof name, "%s/%s", e->d_name, sc->d_name);
        } else {
          /* Relative to the scenario folder, as th_scenario_with wants. */
          snprintf(student, sizeof student, "../../../../solutions/%s/%s", e->d_name, files[i]);
          p = th_scenario_with(sub, student);
          snprintf(name, sizeof name, "%s/%s with solutions/%s/%s", e->d_name, sc->d_name, e->d_name, files[i]);
        }
        fn(p, name, files[i], ctx);
        sim_program_free(p);
        built++;
      }
    }
    closedir(scen);
  }
  closedir(d);
  return built;
}

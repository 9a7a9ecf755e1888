/* Benchmarks of exhaustive exploration (docs/scale.md).  Prints figures;
 * asserts nothing about time.  `make bench-scale` runs it.
 *
 *   reduction       bound 2 on the churn driver of exercise 01's shape
 *                   (bench/programs/churn_host.c, churn_driver.c: two
 *                   workers on a completion port, three cycles of load,
 *                   two queries, free, unload, idle): schedules and
 *                   seconds of every schedule, with partial-order
 *                   reduction, and with the state cache (the default),
 *                   side by side, and the size estimate printed before the
 *                   search
 *   complete        the complete (unbounded) search of one cycle of it,
 *                   and of all three cycles with the state cache
 *   instrumentation what compiling programs with the memory
 *                   instrumentation costs a run: the motivating race under
 *                   random, and the churn driver under random, with and
 *                   without it (LOADERLAB_INSTRUMENT=0)
 *   jobs            the bound-2 search with --jobs 2 beside one process
 *   solutions       the complete (unbounded, reduced) search of every
 *                   exercise's reference solution (solutions/NN-name/, the
 *                   C file not named wrong-*.c) in every scenario of its
 *                   exercise: classes of executions and seconds each (the
 *                   issue's target is at most 10 s); test_reduction checks
 *                   the certificates, this prints the times
 *
 * Seconds are CPU seconds of this process and its workers, which the other
 * jobs of a busy machine do not inflate, and wall seconds beside them.
 *
 *   bench_scale [--quick] [--solutions]
 *       --quick: bound 1 instead of 2 (seconds, not minutes)
 *       --solutions: only the solutions' complete searches
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "loaderlab.h"

static double wall_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU seconds of this process and of its children that have ended. */
static double cpu_s(void) {
  struct rusage self, kids;
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &kids);
  return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec + kids.ru_utime.tv_sec + kids.ru_stime.tv_sec) +
         (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec + kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) / 1e6;
}

static sim_program *build(const char *host, const char *dll, bool instrumented) {
  if (!instrumented) setenv("LOADERLAB_INSTRUMENT", "0", 1);
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  char path[4096];
  bool ok;
  if (!host) {
    ok = sim_scenario_load("sample/driver-unload", &spec, &err);
  } else {
    snprintf(path, sizeof path, "%s/%s", LOADERLAB_SOURCE_DIR, host);
    ok = sim_spec_set_host(&spec, path, &err);
    if (ok && dll) {
      snprintf(path, sizeof path, "driver.dll=%s/%s", LOADERLAB_SOURCE_DIR, dll);
      ok = sim_spec_add_dll(&spec, path, &err);
    }
  }
  sim_program *p = ok ? sim_program_build(&spec, &err) : NULL;
  unsetenv("LOADERLAB_INSTRUMENT");
  sim_spec_free(&spec);
  if (!p) {
    fprintf(stderr, "bench_scale: %s\n", strbuf_str(&err));
    exit(2);
  }
  strbuf_free(&err);
  return p;
}

typedef struct figures {
  uint64_t schedules, in_bound, abandoned, cut;
  double cpu, wall;
  bool exhausted;
} figures;

static figures explore(sim_program *p, int bound, bool reduce, bool cache, bool complete, int jobs, double limit) {
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.preemption_bound = bound;
  o.reduce = reduce;
  o.state_cache = cache;
  o.complete = complete;
  o.jobs = jobs;
  o.time_limit_s = limit;
  sim_explore_result r;
  struct strbuf err = {0};
  double c0 = cpu_s(), w0 = wall_s();
  if (!sim_explore(p, &o, &r, &err)) {
    fprintf(stderr, "bench_scale: %s\n", strbuf_str(&err));
    exit(2);
  }
  figures f = {r.schedules, r.schedules_in_bound, r.abandoned, r.cut, cpu_s() - c0, wall_s() - w0, r.exhausted};
  if (r.found) {
    fprintf(stderr, "bench_scale: the churn driver has a bug: %s\n", sim_verdict_name(r.kind));
    exit(1);
  }
  sim_explore_result_free(&r);
  strbuf_free(&err);
  return f;
}

static void bench_reduction(int bound) {
  sim_program *p = build("bench/programs/churn_host.c", "bench/programs/churn_driver.c", true);
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.preemption_bound = bound;
  sim_explore_estimate_range est = sim_explore_estimate_with_range(p, &o);
  figures full = explore(p, bound, false, false, false, 1, 0);
  figures red = explore(p, bound, true, false, false, 1, 0);
  figures cached = explore(p, bound, false, true, false, 1, 0);
  figures both = explore(p, bound, true, true, false, 1, 0);
  printf("reduction (churn driver, 3 cycles, bound %d):\n", bound);
  printf("  every schedule     %9llu schedules (%llu within bound %d)  %7.2f s CPU  %7.2f s wall\n",
         (unsigned long long)full.schedules, (unsigned long long)full.in_bound, bound, full.cpu, full.wall);
  printf("  partial-order red. %9llu schedules (%llu within bound %d)  %7.2f s CPU  %7.2f s wall  (%llu runs cut short)\n",
         (unsigned long long)red.schedules, (unsigned long long)red.in_bound, bound, red.cpu, red.wall,
         (unsigned long long)red.abandoned);
  printf("  state cache        %9llu runs (%llu schedules, %llu cut at a state already searched)  %7.2f s CPU  %7.2f s wall\n",
         (unsigned long long)(cached.schedules + cached.cut), (unsigned long long)cached.schedules,
         (unsigned long long)cached.cut, cached.cpu, cached.wall);
  printf("  both (the default) %9llu runs (%llu schedules, %llu cut at a state already searched)  %7.2f s CPU  %7.2f s wall\n",
         (unsigned long long)(both.schedules + both.cut), (unsigned long long)both.schedules,
         (unsigned long long)both.cut, both.cpu, both.wall);
  printf("  ratio, reduction   %9.2fx fewer schedules, %.2fx less CPU time\n",
         (double)full.schedules / (double)(red.schedules ? red.schedules : 1), full.cpu / (red.cpu > 0 ? red.cpu : 1e-9));
  printf("  ratio, state cache %9.2fx fewer runs, %.2fx less CPU time\n",
         (double)full.schedules / (double)(cached.schedules + cached.cut ? cached.schedules + cached.cut : 1),
         full.cpu / (cached.cpu > 0 ? cached.cpu : 1e-9));
  printf("  ratio, both        %9.2fx fewer runs, %.2fx less CPU time\n",
         (double)full.schedules / (double)(both.schedules + both.cut ? both.schedules + both.cut : 1),
         full.cpu / (both.cpu > 0 ? both.cpu : 1e-9));
  printf("  size estimate      about %.0f (between %.0f and %.0f, %d probes) for %llu: %.2fx the real count\n",
         est.mean, est.low, est.high, est.probes, (unsigned long long)full.in_bound, est.mean / (double)full.in_bound);
  figures jobs = explore(p, bound, true, true, false, 2, 0);
  printf("jobs (bound %d, the default): --jobs 2 %llu runs %.2f s CPU %.2f s wall; one process %.2f s wall\n", bound,
         (unsigned long long)(jobs.schedules + jobs.cut), jobs.cpu, jobs.wall, both.wall);
  sim_program_free(p);
}

static void bench_complete(void) {
  sim_program *p = build("tests/programs/por_churn_host.c", "bench/programs/churn_driver.c", true);
  figures red = explore(p, 0, true, false, true, 1, 0);
  figures full = explore(p, 0, false, false, true, 1, 60);
  printf("complete (churn driver, 1 cycle, no bound):\n");
  printf("  with reduction     %9llu classes of executions, %s  %7.2f s CPU  %7.2f s wall\n",
         (unsigned long long)red.schedules, red.exhausted ? "every one" : "NOT exhausted", red.cpu, red.wall);
  printf("  without reduction  %9llu schedules in %.0f s wall, %s\n", (unsigned long long)full.schedules, full.wall,
         full.exhausted ? "every one" : "not done (stopped at 60 s)");
  sim_program_free(p);
  p = build("bench/programs/churn_host.c", "bench/programs/churn_driver.c", true);
  figures cached = explore(p, 0, true, true, true, 1, 60);
  figures plain = explore(p, 0, true, false, true, 1, 60);
  printf("complete (churn driver, 3 cycles, no bound):\n");
  printf("  reduction, cache   %9llu classes run to the end, %llu cut at a state already searched, %s  %7.2f s CPU  %7.2f s wall\n",
         (unsigned long long)cached.schedules, (unsigned long long)cached.cut,
         cached.exhausted ? "every one" : "NOT exhausted", cached.cpu, cached.wall);
  printf("  reduction alone    %9llu classes in %.0f s wall, %s\n", (unsigned long long)plain.schedules, plain.wall,
         plain.exhausted ? "every one" : "not done (stopped at 60 s)");
  sim_program_free(p);
}

/* Random runs per CPU second, and the time to the motivating race. */
static void bench_instrumentation(void) {
  printf("instrumentation (programs compiled with and without -fsanitize=thread hooks):\n");
  for (int inst = 1; inst >= 0; inst--) {
    sim_program *race = build(NULL, NULL, inst);
    sim_options run;
    sim_options_default(&run);
    sim_result r;
    sim_result_init(&r);
    double total = 0, worst = 0;
    for (uint64_t seed = 1; seed <= 100; seed++) {
      sim_strategy *s = sim_strategy_random(seed);
      double c0 = cpu_s();
      for (int i = 0; i < 10000; i++) {
        sim_run_program(race, &run, s, &r);
        if (r.verdict.kind == SIM_VERDICT_ACCESS_VIOLATION) break;
      }
      double t = cpu_s() - c0;
      total += t;
      if (t > worst) worst = t;
      sim_strategy_destroy(s);
    }
    sim_program *churn = build("bench/programs/churn_host.c", "bench/programs/churn_driver.c", inst);
    sim_strategy *s = sim_strategy_random(1);
    int n = 20000;
    double c0 = cpu_s();
    for (int i = 0; i < n; i++) sim_run_program(churn, &run, s, &r);
    double t = cpu_s() - c0;
    sim_strategy_destroy(s);
    printf("  %-14s motivating race found in %.3f ms on average, %.3f ms at worst (100 seeds); churn driver %.0f runs/s\n",
           inst ? "instrumented" : "not", total * 1e3 / 100, worst * 1e3, n / t);
    sim_result_free(&r);
    sim_program_free(race);
    sim_program_free(churn);
  }
}

/* The complete search of one scenario with one student file; a time
 * limit of 60 s so one slow case cannot stall the bench. */
static void bench_solution(const char *scenario, const char *student, const char *label) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  bool ok = sim_scenario_load(scenario, &spec, &err) && sim_spec_replace_student(&spec, student, &err);
  sim_program *p = ok ? sim_program_build(&spec, &err) : NULL;
  sim_spec_free(&spec);
  if (!p) {
    fprintf(stderr, "bench_scale: %s: %s\n", label, strbuf_str(&err));
    exit(2);
  }
  strbuf_free(&err);
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.complete = true;
  o.time_limit_s = 60;
  sim_explore_result r;
  double c0 = cpu_s(), w0 = wall_s();
  if (!sim_explore(p, &o, &r, &err)) {
    fprintf(stderr, "bench_scale: %s\n", strbuf_str(&err));
    exit(2);
  }
  double cpu = cpu_s() - c0, wall = wall_s() - w0;
  printf("  %-58s %8llu classes %8llu cut  %6.2f s CPU  %6.2f s wall  %s\n", label,
         (unsigned long long)r.schedules, (unsigned long long)r.cut, cpu, wall, r.found ? sim_verdict_name(r.kind) : r.exhausted ? "no failure in any schedule" : "NOT done in 60 s");
  sim_explore_result_free(&r);
  sim_program_free(p);
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

static void bench_solutions(void) {
  printf("solutions (complete search, reduced, of each exercise's reference solution):\n");
  char root[4096];
  snprintf(root, sizeof root, "%s/exercises", LOADERLAB_SOURCE_DIR);
  struct dirent **ex;
  int n_ex = scandir(root, &ex, NULL, by_name);
  for (int i = 0; i < n_ex; i++) {
    const char *name = ex[i]->d_name;
    if (name[0] >= '0' && name[0] <= '9') {
      char soldir[8192], solution[256] = "";
      snprintf(soldir, sizeof soldir, "%s/solutions/%s", LOADERLAB_SOURCE_DIR, name);
      struct dirent **files;
      int n_files = scandir(soldir, &files, NULL, by_name);
      for (int k = 0; k < n_files; k++) {
        size_t len = strlen(files[k]->d_name);
        if (len > 2 && !strcmp(files[k]->d_name + len - 2, ".c") && strncmp(files[k]->d_name, "wrong-", 6))
          snprintf(solution, sizeof solution, "%s", files[k]->d_name);
        free(files[k]);
      }
      if (n_files > 0) free(files);
      char sdir[8192];
      snprintf(sdir, sizeof sdir, "%s/%s/scenarios", root, name);
      struct dirent **sc;
      int n_sc = solution[0] ? scandir(sdir, &sc, NULL, by_name) : 0;
      for (int k = 0; k < n_sc; k++) {
        if (sc[k]->d_name[0] != '.') {
          char scenario[12288], student[12288], label[12800];
          snprintf(scenario, sizeof scenario, "%s/%s", sdir, sc[k]->d_name);
          snprintf(student, sizeof student, "%s/%s", soldir, solution);
          snprintf(label, sizeof label, "%s/%s with %s", name, sc[k]->d_name, solution);
          bench_solution(scenario, student, label);
        }
        free(sc[k]);
      }
      if (n_sc > 0) free(sc);
    }
    free(ex[i]);
  }
  if (n_ex > 0) free(ex);
}

int main(int argc, char **argv) {
  bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc > 1 && strcmp(argv[1], "--solutions") == 0) {
    bench_solutions();
    return 0;
  }
  bench_instrumentation();
  bench_complete();
  bench_reduction(quick ? 1 : 2);
  if (!quick) bench_solutions();
  return 0;
}

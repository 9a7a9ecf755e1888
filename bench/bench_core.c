/* Benchmarks of the simulator core and loader.  Prints figures; asserts
 * nothing about time (tests do that for behaviour only).
 *
 *   fiber switch          ns per switch between two fibers (raw assembly)
 *   cs ping-pong          schedules/s under random, 2 threads x 100
 *                         critical-section round trips (issue 2 target:
 *                         >= 20,000/s on one core, <= 50 ns per switch)
 *   unload + reload       us per FreeLibrary + LoadLibrary of a small DLL,
 *                         with the reachability scan (the design chosen)
 *                         when nothing and when a data pointer reaches the
 *                         DLL, and with protection on every unload (the
 *                         alternative), see the note printed below
 *   motivating race       schedules/s and time to first bug for the
 *                         built-in driver-unload sample (issue 3 targets:
 *                         unload + reload <= 10 us, race found <= 10 ms)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loaderlab.h"

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- Raw fiber switch ----------------------------------------------------- */

static sim_fiber main_fiber, ping_fiber;
static volatile long switches_left;

static void ping(void *arg) {
  (void)arg;
  sim_fiber_started(&main_fiber);
  for (;;) {
    switches_left--;
    sim_fiber_switch(&ping_fiber, &main_fiber);
  }
}

static void bench_switch(void) {
  static char stack[64 * 1024] __attribute__((aligned(16)));
  sim_fiber_init(&ping_fiber, stack, sizeof stack, ping, NULL);
  long n = 20 * 1000 * 1000;
  switches_left = n;
  double t0 = now_s();
  while (switches_left > 0) sim_fiber_switch(&main_fiber, &ping_fiber);
  double t1 = now_s();
  /* Each round trip is two switches. */
  printf("fiber switch:        %.1f ns per switch (%ld round trips)\n", (t1 - t0) * 1e9 / (2.0 * (double)n), n);
}

/* ---- Programs -------------------------------------------------------------- */

static sim_program *build(const char *host, const char *dll_name, const char *dll_file) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  char path[4096];
  snprintf(path, sizeof path, "%s/bench/programs/%s", LOADERLAB_SOURCE_DIR, host);
  if (!sim_spec_set_host(&spec, path, &err)) goto fail;
  if (dll_name) {
    snprintf(path, sizeof path, "%s=%s/bench/programs/%s", dll_name, LOADERLAB_SOURCE_DIR, dll_file);
    if (!sim_spec_add_dll(&spec, path, &err)) goto fail;
  }
  sim_program *p = sim_program_build(&spec, &err);
  sim_spec_free(&spec);
  if (p) return p;
fail:
  fprintf(stderr, "bench: %s\n", strbuf_str(&err));
  exit(2);
}

static void bench_pingpong(void) {
  sim_program *p = build("cs_pingpong.c", NULL, NULL);
  sim_options o;
  sim_options_default(&o);
  sim_strategy *s = sim_strategy_random(1);
  sim_result r;
  sim_result_init(&r);
  int n = 20000;
  uint64_t steps = 0;
  double t0 = now_s();
  for (int i = 0; i < n; i++) {
    sim_run_program(p, &o, s, &r);
    steps += r.steps;
    if (r.verdict.kind != SIM_VERDICT_OK || r.exit_code != 0) {
      fprintf(stderr, "bench: cs ping-pong went wrong: %s\n", sim_verdict_name(r.verdict.kind));
      exit(1);
    }
  }
  double t1 = now_s();
  printf("cs ping-pong:        %.0f schedules/s under random (%d schedules, %.0f steps each, %.1f ns per step)\n",
         n / (t1 - t0), n, (double)steps / n, (t1 - t0) * 1e9 / (double)steps);
  sim_result_free(&r);
  sim_strategy_destroy(s);
  sim_program_free(p);
}

static void bench_reload(const char *host, sim_protect_policy policy, const char *label) {
  sim_program *p = build(host, "counter.dll", "reload_counter.c");
  sim_options o;
  sim_options_default(&o);
  o.protect = policy;
  sim_schedule none = {0};
  sim_strategy *s = sim_strategy_replay(&none, true, NULL);
  sim_result r;
  sim_result_init(&r);
  int runs = 20;
  /* Programs built from the same DLL share its image, and its count. */
  int protections_before = sim_program_dll_protections(p, 0);
  double t0 = now_s();
  for (int i = 0; i < runs; i++) {
    sim_run_program(p, &o, s, &r);
    if (r.verdict.kind != SIM_VERDICT_OK || r.exit_code != 0) {
      fprintf(stderr, "bench: reload run %d went wrong: %s %s\n", i, sim_verdict_name(r.verdict.kind),
              r.verdict.message ? r.verdict.message : "");
      exit(1);
    }
  }
  double t1 = now_s();
  double per_cycle_us = (t1 - t0) * 1e6 / (runs * 1000.0);
  printf("unload + reload:     %.2f us per cycle %s (%d protections)\n", per_cycle_us, label,
         sim_program_dll_protections(p, 0) - protections_before);
  sim_result_free(&r);
  sim_strategy_destroy(s);
  sim_program_free(p);
}

static void bench_motivating(void) {
  sim_program_spec spec;
  struct strbuf err = {0};
  if (!sim_scenario_load(sim_default_scenario, &spec, &err)) {
    fprintf(stderr, "bench: %s\n", strbuf_str(&err));
    exit(2);
  }
  sim_program *p = sim_program_build(&spec, &err);
  sim_spec_free(&spec);
  if (!p) {
    fprintf(stderr, "bench: %s\n", strbuf_str(&err));
    exit(2);
  }
  /* Time to the first access violation (the motivating race), over several
   * seeds: random runs until one ends in it. */
  sim_options o;
  sim_options_default(&o);
  sim_result r;
  sim_result_init(&r);
  double total = 0, worst = 0;
  int seeds = 100, runs = 0;
  for (int seed = 1; seed <= seeds; seed++) {
    sim_strategy *s = sim_strategy_random((uint64_t)seed);
    double t0 = now_s();
    do {
      sim_run_program(p, &o, s, &r);
      runs++;
    } while (r.verdict.kind != SIM_VERDICT_ACCESS_VIOLATION);
    double dt = now_s() - t0;
    total += dt;
    if (dt > worst) worst = dt;
    sim_strategy_destroy(s);
  }
  printf("motivating race:     access violation found in %.3f ms on average, %.3f ms at worst "
         "(random, %d seeds, %.1f schedules per find, %d unloads protected)\n",
         total * 1e3 / seeds, worst * 1e3, seeds, (double)runs / seeds,
         sim_program_dll_protections(p, 0));
  /* Throughput over the fixed driver, which never fails. */
  sim_program_spec fixed;
  if (!sim_scenario_load(sim_default_scenario, &fixed, &err) ||
      !sim_spec_replace_student(&fixed, LOADERLAB_SOURCE_DIR "/sim/samples/driver-unload/driver_fixed.c", &err)) {
    fprintf(stderr, "bench: %s\n", strbuf_str(&err));
    exit(2);
  }
  sim_program *q = sim_program_build(&fixed, &err);
  sim_spec_free(&fixed);
  if (!q) {
    fprintf(stderr, "bench: %s\n", strbuf_str(&err));
    exit(2);
  }
  sim_strategy *s = sim_strategy_random(7);
  int n = 20000;
  double t0 = now_s();
  for (int i = 0; i < n; i++) sim_run_program(q, &o, s, &r);
  double t1 = now_s();
  printf("load/spawn/unload:   %.0f schedules/s under random (fixed driver, %d schedules, %llu steps each)\n",
         n / (t1 - t0), n, (unsigned long long)r.steps);
  sim_result_free(&r);
  sim_strategy_destroy(s);
  sim_program_free(q);
  sim_program_free(p);
  strbuf_free(&err);
}

/* With arguments, runs only the named benchmarks (switch, pingpong,
 * reload, motivating). */
static bool wanted(int argc, char **argv, const char *name) {
  if (argc < 2) return true;
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], name) == 0) return true;
  return false;
}

int main(int argc, char **argv) {
  if (wanted(argc, argv, "switch")) bench_switch();
  if (wanted(argc, argv, "pingpong")) bench_pingpong();
  if (wanted(argc, argv, "reload")) {
    bench_reload("reload_host.c", SIM_PROTECT_SCAN, "with the reachability scan, nothing kept");
    bench_reload("reload_kept_host.c", SIM_PROTECT_SCAN, "with the scan, a data pointer kept");
    bench_reload("reload_host.c", SIM_PROTECT_ALWAYS, "protecting on every unload");
  }
  if (wanted(argc, argv, "motivating")) bench_motivating();
  if (argc >= 2) return 0;
  printf("\nDesign (see sim/loader/unmap.c): at unload, the simulator scans what could still\n"
         "reach the DLL (thread stacks above their current call, other images' data,\n"
         "the heap, locks, queued packets and pipe data).  Nothing: no system call.\n"
         "Only code pointers: those code pages are filled with breakpoints (a memory\n"
         "write), so any call or return into them traps.  Any data pointer: the whole\n"
         "image is protected (one mprotect, one per segment at the next load), since\n"
         "pointer arithmetic reaches every byte from there; the verdicts are those of\n"
         "--protect always, whose figure is the last reload line.\n");
  return 0;
}

/* Soak: millions of schedules of a bug scenario in one process, to show
 * that exploring stays fast and its memory flat, and that what it ran can
 * be replayed exactly.  `make soak` runs it.
 *
 * Runs the motivating race (sample/driver-unload, two workers left running
 * in a DLL that is unloaded: most runs are buggy) under the random
 * strategy, and prints the resident memory (VmRSS) at the start, every two
 * million schedules, and at the end.  Every 100,000th run is kept as a
 * sample (its schedule, verdict, steps, hash, exit code and output); at the
 * end each sample is replayed from its schedule alone and must come out the
 * same, bit for bit.
 *
 *   soak [SCHEDULES]      (default 10,000,000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loaderlab.h"

static long rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long kib = -1;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "VmRSS: %ld kB", &kib) == 1) break;
  fclose(f);
  return kib;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct sample {
  uint64_t run;
  char *schedule;
  sim_verdict_kind kind;
  uint64_t steps;
  uint32_t hash;
  int exit_code;
  char *out, *err;
} sample;

int main(int argc, char **argv) {
  uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 10000000ULL;
  setvbuf(stdout, NULL, _IOLBF, 0);
  sim_program_spec spec;
  struct strbuf err = {0};
  if (!sim_scenario_load("sample/driver-unload", &spec, &err)) {
    fprintf(stderr, "soak: %s\n", strbuf_str(&err));
    return 2;
  }
  sim_program *p = sim_program_build(&spec, &err);
  sim_spec_free(&spec);
  if (!p) {
    fprintf(stderr, "soak: %s\n", strbuf_str(&err));
    return 2;
  }
  sim_options o;
  sim_options_default(&o);
  sim_strategy *s = sim_strategy_random(1);
  sim_result r;
  sim_result_init(&r);
  /* A first run, so that the start figure includes what every run reuses. */
  sim_run_program(p, &o, s, &r);
  long rss_start = rss_kib();
  printf("soak: %llu schedules of sample/driver-unload under random (seed 1)\n", (unsigned long long)n);
  printf("  resident memory at the start: %ld KiB\n", rss_start);
  uint64_t counts[SIM_VERDICT_COUNT] = {0};
  size_t n_samples = 0, cap = (size_t)(n / 100000 + 2);
  sample *samples = calloc(cap, sizeof *samples);
  double t0 = now_s();
  for (uint64_t i = 1; i < n; i++) {
    sim_run_program(p, &o, s, &r);
    counts[r.verdict.kind]++;
    if (i % 100000 == 0 && n_samples < cap) {
      sample *x = &samples[n_samples++];
      x->run = i;
      x->schedule = sim_schedule_encode(&r.schedule);
      x->kind = r.verdict.kind;
      x->steps = r.steps;
      x->hash = r.schedule.hash;
      x->exit_code = r.exit_code;
      x->out = strdup(strbuf_str(&r.out));
      x->err = strdup(strbuf_str(&r.err));
    }
    if (i % 2000000 == 0)
      printf("  %llu schedules, %.0f s, resident memory %ld KiB\n", (unsigned long long)i, now_s() - t0, rss_kib());
  }
  double secs = now_s() - t0;
  long rss_end = rss_kib();
  printf("  resident memory at the end:   %ld KiB (%+ld KiB)\n", rss_end, rss_end - rss_start);
  printf("  %.0f schedules/s; verdicts:", (double)(n - 1) / secs);
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    if (counts[k]) printf(" %s %llu", sim_verdict_id((sim_verdict_kind)k), (unsigned long long)counts[k]);
  printf("\n");

  /* Every sample again, from its schedule alone. */
  size_t same = 0;
  for (size_t i = 0; i < n_samples; i++) {
    sample *x = &samples[i];
    sim_schedule sched;
    strbuf_reset(&err);
    if (!sim_schedule_decode(x->schedule, &sched, &err)) {
      printf("  sample %llu: %s\n", (unsigned long long)x->run, strbuf_str(&err));
      continue;
    }
    sim_result rr;
    sim_result_init(&rr);
    sim_replay(p, &o, &sched, &rr);
    bool ok = rr.verdict.kind == x->kind && rr.steps == x->steps && rr.schedule.hash == x->hash &&
              rr.exit_code == x->exit_code && strcmp(strbuf_str(&rr.out), x->out) == 0 &&
              strcmp(strbuf_str(&rr.err), x->err) == 0;
    if (ok) same++;
    else
      printf("  sample %llu does not replay the same: %s (%llu steps) against %s (%llu steps)\n",
             (unsigned long long)x->run, sim_verdict_id(rr.verdict.kind), (unsigned long long)rr.steps,
             sim_verdict_id(x->kind), (unsigned long long)x->steps);
    sim_result_free(&rr);
    sim_schedule_free(&sched);
  }
  printf("  replayed %zu sampled schedules: %zu the same bit for bit (verdict, steps, hash, exit code, output)\n",
         n_samples, same);
  for (size_t i = 0; i < n_samples; i++) {
    free(samples[i].schedule);
    free(samples[i].out);
    free(samples[i].err);
  }
  free(samples);
  sim_result_free(&r);
  sim_strategy_destroy(s);
  sim_program_free(p);
  strbuf_free(&err);
  return same == n_samples ? 0 : 1;
}

/* Specification of the simulator's limits (sim/include/loaderlab.h,
 * "Limits"): a bound either goes, so that a program may have as many of
 * the thing as it likes, or is reached loudly, with an error or a
 * resource-limit verdict that names it.  Never a silent truncation: a
 * dropped lock, segment or handle would make a verdict wrong. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

Test(limits, more_than_4096_handles_are_opened_closed_and_reused) {
  sim_program *p = th_build("limits_many_handles.c", NULL);
  sim_options o;
  sim_options_default(&o);
  sim_result r;
  th_run_with(p, &o, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_eq(r.exit_code, 0, "exit code %d", r.exit_code);
  cr_expect_str_eq(th_stdout(&r), "first new handle reuses the last closed: yes\n"
                                  "signalled: 2500 of 5000\n");
  cr_expect_str_eq(th_resources(&r), "", "every handle was closed: %s", th_resources(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(limits, a_handle_leak_in_a_loop_ends_with_the_limit_verdict_naming_it, .timeout = 300) {
  sim_program *p = th_build("limits_handle_leak.c", NULL);
  sim_options o;
  sim_options_default(&o);
  o.steps_max = 2 * (uint64_t)SIM_HANDLES_MAX;
  sim_result r;
  sim_schedule none = {0};
  sim_strategy *s = sim_strategy_replay(&none, true, NULL);
  sim_result_init(&r);
  sim_run_program(p, &o, s, &r); /* no trace: a million events */
  sim_strategy_destroy(s);
  cr_expect_eq(r.verdict.kind, SIM_VERDICT_LIMIT, "verdict %s: %s", sim_verdict_name(r.verdict.kind),
               th_message(&r));
  cr_expect(strstr(th_message(&r), "SIM_HANDLES_MAX"), "%s", th_message(&r));
  cr_expect(strstr(th_message(&r), "1048576 handles open at once"), "%s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(limits, lock_order_sees_locks_taken_while_twenty_others_are_held) {
  sim_program *p = th_build("limits_many_locks.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_LOCK_ORDER);
  cr_expect(strstr(th_message(&r), "g_b (host.exe) and g_a (host.exe) are taken in opposite orders"),
            "%s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(limits, lock_order_finds_a_cycle_through_twelve_locks) {
  sim_program *p = th_build("limits_lock_ring.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_LOCK_ORDER);
  cr_expect(strstr(th_message(&r), " and g_ring (host.exe) are taken in opposite orders"),
            "%s", th_message(&r));
  /* The report walks the whole cycle: eleven earlier acquisitions. */
  int earlier = 0;
  for (const char *d = th_details(&r); (d = strstr(d, "earlier, at step")); d++) earlier++;
  cr_expect_eq(earlier, 11, "%s", th_details(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(limits, a_thread_over_threads_max_ends_the_run_naming_the_limit) {
  sim_program *p = th_build("limits_many_threads.c", NULL);
  sim_options o;
  sim_options_default(&o);
  o.threads_max = 8;
  sim_result r;
  th_run_with(p, &o, &r);
  th_expect_verdict(&r, SIM_VERDICT_LIMIT);
  cr_expect(strstr(th_message(&r), "the run created 8 threads"), "%s", th_message(&r));
  cr_expect(strstr(th_message(&r), "sim_options.threads_max"), "%s", th_message(&r));
  cr_expect(strstr(th_message(&r), "at main+"), "%s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(limits, every_atexit_function_runs_however_many) {
  sim_program *p = th_build("limits_many_atexit.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "atexit functions run: 39\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(limits, static_data_in_a_ninth_segment_is_fresh_in_every_run) {
  sim_program *p = th_build("limits_segments_host.c", "segments.dll=limits_segments_dll.c", NULL);
  for (int run = 0; run < 2; run++) {
    sim_result r;
    th_run(p, &r);
    th_expect_verdict(&r, SIM_VERDICT_OK);
    cr_expect_str_eq(th_stdout(&r), "counter: 1\n", "run %d", run + 1);
    sim_result_free(&r);
  }
  sim_program_free(p);
}

/* ---- Manifests ------------------------------------------------------------------- */

/* Writes a scenario folder with one manifest and a host file; returns its
 * path (static). */
static const char *scenario_with(const char *manifest) {
  static char dir[256];
  snprintf(dir, sizeof dir, "/tmp/loaderlab-limits-XXXXXX");
  cr_assert(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
  char path[512];
  snprintf(path, sizeof path, "%s/scenario.txt", dir);
  FILE *f = fopen(path, "w");
  cr_assert(f);
  fputs(manifest, f);
  fclose(f);
  snprintf(path, sizeof path, "%s/host.c", dir);
  f = fopen(path, "w");
  cr_assert(f);
  fputs("int main(void) { return 0; }\n", f);
  fclose(f);
  return dir;
}

static void remove_scenario(const char *dir) {
  char path[512];
  snprintf(path, sizeof path, "%s/scenario.txt", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/host.c", dir);
  unlink(path);
  rmdir(dir);
}

Test(limits, a_manifest_line_over_the_limit_is_refused_naming_it) {
  struct strbuf m = {0};
  strbuf_puts(&m, "description");
  while (m.len < SIM_MANIFEST_LINE_MAX + 100) strbuf_puts(&m, " word");
  strbuf_puts(&m, "\nhost host.c\n");
  const char *dir = scenario_with(strbuf_str(&m));
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_expect_not(sim_scenario_load(dir, &spec, &err));
  cr_expect(strstr(strbuf_str(&err), "scenario.txt:1: the line is longer than 4095 bytes"), "%s",
            strbuf_str(&err));
  cr_expect(strstr(strbuf_str(&err), "SIM_MANIFEST_LINE_MAX"), "%s", strbuf_str(&err));
  strbuf_free(&err);
  strbuf_free(&m);
  remove_scenario(dir);
}

Test(limits, a_description_keeps_every_word) {
  struct strbuf m = {0}, want = {0};
  strbuf_puts(&m, "description");
  for (int i = 1; i <= 40; i++) {
    strbuf_printf(&m, " w%d", i);
    strbuf_printf(&want, "%sw%d", i > 1 ? " " : "", i);
  }
  strbuf_puts(&m, "\nhost host.c\n");
  const char *dir = scenario_with(strbuf_str(&m));
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_assert(sim_scenario_load(dir, &spec, &err), "%s", strbuf_str(&err));
  cr_expect_str_eq(spec.description, strbuf_str(&want));
  sim_spec_free(&spec);
  strbuf_free(&err);
  strbuf_free(&m);
  strbuf_free(&want);
  remove_scenario(dir);
}

Test(limits, host_sources_over_the_limit_across_lines_are_refused_naming_it) {
  struct strbuf m = {0};
  for (int line = 0; line < 2; line++) {
    strbuf_puts(&m, "host");
    for (int i = 0; i < 10; i++) strbuf_puts(&m, " host.c");
    strbuf_puts(&m, "\n");
  }
  const char *dir = scenario_with(strbuf_str(&m));
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_expect_not(sim_scenario_load(dir, &spec, &err));
  cr_expect(strstr(strbuf_str(&err), "scenario.txt:2: at most 16 source files for the host "
                                     "(SIM_SOURCES_MAX in sim/include/loaderlab.h)"),
            "%s", strbuf_str(&err));
  strbuf_free(&err);
  strbuf_free(&m);
  remove_scenario(dir);
}

Test(limits, a_seventeenth_dll_is_refused_naming_the_limit) {
  struct strbuf m = {0};
  strbuf_puts(&m, "host host.c\n");
  for (int i = 0; i <= SIM_DLLS_MAX; i++) strbuf_printf(&m, "dll d%d.dll host.c\n", i);
  const char *dir = scenario_with(strbuf_str(&m));
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_expect_not(sim_scenario_load(dir, &spec, &err));
  cr_expect(strstr(strbuf_str(&err), "scenario.txt:18: at most 16 DLLs per scenario (SIM_DLLS_MAX"),
            "%s", strbuf_str(&err));
  strbuf_free(&err);
  strbuf_free(&m);
  remove_scenario(dir);
}

/* Conformance probes, simulator side (tests/conformance/, whose
 * CMakeLists.txt runs the same probes under Wine): each probe's program
 * must end ok and print exactly its expected.txt, in the default schedule
 * and in every schedule within a small preemption bound, since the loader
 * and completion-port rules alone decide what it prints.  A probe whose
 * spin loop makes exhaustive search too long is run under a few random
 * schedules instead. */
#include "harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* Every probe, with the preemption bound of its exhaustive search (-1: a
 * few random schedules instead) and the simulator's verdict (OK, except
 * for a probe that does what Microsoft's DllMain guidance forbids in order
 * to show what the loader then does: its output is still Windows'). */
#define CONFORMANCE_PROBES(X)                                          \
  X(attach_detach_order, "attach-detach-order", 2, OK)                     \
  X(dllmain_false, "dllmain-false", 2, OK)                                 \
  X(thread_notifications, "thread-notifications", 2, OK)                   \
  X(thread_created_in_dllmain, "thread-created-in-dllmain", 2, OK)         \
  X(disable_thread_library_calls, "disable-thread-library-calls", 2, OK)   \
  X(pin, "pin", 2, OK)                                                     \
  X(freelibrary_and_exit_thread, "freelibrary-and-exit-thread", 2, OK)     \
  X(port_fifo_packets, "port-fifo-packets", 2, OK)                         \
  X(port_lifo_waiters, "port-lifo-waiters", 2, OK)                         \
  X(port_close_wakes_waiter, "port-close-wakes-waiter", 2, OK)             \
  X(port_concurrency, "port-concurrency", -1, OK)                          \
  X(gqcsex_batch, "gqcsex-batch", 2, OK)                                   \
  X(exit_process_detach, "exit-process-detach", 2, OK)                     \
  X(module_handle_references, "module-handle-references", 2, OK)           \
  X(module_file_name, "module-file-name", 2, OK)                           \
  X(abandoned_mutex, "abandoned-mutex", 2, OK)                             \
  X(terminate_thread, "terminate-thread", 2, OK)                           \
  X(exit_from_worker, "exit-from-worker", 2, OK)                           \
  X(time_passes_while_polling, "time-passes-while-polling", -1, OK)       \
  X(nested_loader_calls, "nested-loader-calls", 2, DLLMAIN_MISUSE)        \
  X(static_imports_pinned, "static-imports-pinned", 2, OK)                 \
  X(srw_writer_waits, "srw-writer-waits", 2, OK)                           \
  X(condition_variable, "condition-variable", 2, OK)                        \
  X(init_once, "init-once", 2, OK)                                          \
  X(wait_on_address, "wait-on-address", 2, OK)                              \
  X(pool_callback_library, "pool-callback-library", 1, OK)                  \
  X(pool_work, "pool-work", 1, OK)                                          \
  X(pool_timer_wait, "pool-timer-wait", 1, OK)                              \
  X(pool_io, "pool-io", 2, OK)                                              \
  X(exit_orphaned_lock, "exit-orphaned-lock", 2, EXIT_CUT_SHORT)           \
  X(module_handle_null_no_lock, "module-handle-null-no-lock", 2, OK)       \
  X(rand_seed_per_thread, "rand-seed-per-thread", 2, OK)                   \
  X(gqcsex_many, "gqcsex-many", 2, OK)                                     \
  X(tls_indexes, "tls-indexes", 1, OK)                                     \
  X(error_codes, "error-codes", 1, OK)                                     \
  X(system_modules, "system-modules", 1, OK)

#define RANDOM_SCHEDULES 5

/* The whole of a file, NUL-terminated (malloc'd); fails the test if absent. */
static char *read_text(const char *path) {
  FILE *f = fopen(path, "rb");
  cr_assert(f, "cannot read %s", path);
  size_t cap = 4096, n = 0;
  char *text = malloc(cap);
  for (size_t got; (got = fread(text + n, 1, cap - n - 1, f)) > 0;) {
    n += got;
    if (cap - n - 1 == 0) text = realloc(text, cap *= 2);
  }
  fclose(f);
  text[n] = '\0';
  return text;
}

/* Checks one run: the probe's verdict and exactly the expected output.  On a
 * mismatch, replays the schedule with a trace so the failure explains
 * itself (short runs only: a trace of a long spin says nothing more).
 * Returns whether the run conformed. */
static bool check_run(sim_program *p, const char *probe, const char *what, const sim_result *r,
                      const char *expected, sim_verdict_kind verdict) {
  if (r->verdict.kind == verdict && strcmp(strbuf_str(&r->out), expected) == 0) return true;
  char *schedule = sim_schedule_encode(&r->schedule);
  sim_result traced;
  bool short_run = r->steps < 5000;
  if (short_run) th_replay(p, schedule, &traced);
  cr_expect(false,
            "%s, %s (schedule %s): verdict %s: %s\n---- expected ----\n%s---- printed ----\n%s"
            "---- trace ----\n%s",
            probe, what, schedule, sim_verdict_name(r->verdict.kind),
            r->verdict.message ? r->verdict.message : "", expected, strbuf_str(&r->out),
            short_run ? th_trace(&traced) : "(not shown: a long run)\n");
  if (short_run) sim_result_free(&traced);
  free(schedule);
  return false;
}

/* The steps-max a probe's scenario.txt gives (0: the default), which the
 * runs here must honour as `loaderlab run` does. */
static uint64_t probe_steps_max(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", TESTS_DIR, dir);
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_assert(sim_scenario_load(path, &spec, &err), "%s", strbuf_str(&err));
  uint64_t steps_max = spec.steps_max;
  sim_spec_free(&spec);
  strbuf_free(&err);
  return steps_max;
}

static void check_probe(const char *probe, int bound, sim_verdict_kind verdict) {
  char dir[512], path[4096];
  snprintf(dir, sizeof dir, "conformance/%s", probe);
  snprintf(path, sizeof path, "%s/%s/expected.txt", TESTS_DIR, dir);
  char *expected = read_text(path);
  sim_program *p = th_scenario(dir);
  sim_options o;
  sim_options_default(&o);
  uint64_t steps_max = probe_steps_max(dir);
  if (steps_max) o.steps_max = steps_max;

  sim_result r;
  th_run_with(p, &o, &r);
  bool ok = check_run(p, probe, "default schedule", &r, expected, verdict);
  sim_result_free(&r);

  o.trace = false;
  sim_result_init(&r);
  if (ok && bound >= 0) {
    /* Every schedule with at most `bound` preemptions prints the same. */
    sim_strategy *s = sim_strategy_dfs(bound);
    uint64_t runs = 0;
    for (bool more = true; more && ok && runs < 100000; runs++) {
      more = sim_run_program(p, &o, s, &r);
      ok = check_run(p, probe, "exhaustive search", &r, expected, verdict);
    }
    cr_expect(!ok || sim_dfs_exhausted(s), "%s: %llu schedules did not exhaust bound %d", probe,
              (unsigned long long)runs, bound);
    sim_strategy_destroy(s);
  }
  for (uint64_t seed = 1; ok && bound < 0 && seed <= RANDOM_SCHEDULES; seed++) {
    sim_strategy *s = sim_strategy_random(seed);
    sim_run_program(p, &o, s, &r);
    ok = check_run(p, probe, "random schedule", &r, expected, verdict);
    sim_strategy_destroy(s);
  }
  sim_result_free(&r);
  sim_program_free(p);
  free(expected);
}

#define PROBE_TEST(id, name, bound, verdict) \
  Test(conformance, id) { check_probe(name, bound, SIM_VERDICT_##verdict); }
CONFORMANCE_PROBES(PROBE_TEST)

#define PROBE_NAME(id, name, bound, verdict) name,
static const char *const probe_names[] = {CONFORMANCE_PROBES(PROBE_NAME)};

Test(conformance, every_probe_folder_has_a_test) {
  char path[4096];
  snprintf(path, sizeof path, "%s/conformance", TESTS_DIR);
  DIR *d = opendir(path);
  cr_assert(d, "cannot list %s", path);
  int folders = 0;
  for (struct dirent *e; (e = readdir(d));) {
    char manifest[8192];
    snprintf(manifest, sizeof manifest, "%s/%s/scenario.txt", path, e->d_name);
    FILE *f = fopen(manifest, "r");
    if (!f) continue;
    fclose(f);
    folders++;
    bool listed = false;
    for (size_t i = 0; i < sizeof probe_names / sizeof probe_names[0]; i++)
      listed |= strcmp(probe_names[i], e->d_name) == 0;
    cr_expect(listed, "tests/conformance/%s is not in CONFORMANCE_PROBES", e->d_name);
  }
  closedir(d);
  cr_expect_geq(folders, 10, "the issue asks for at least 10 probes");
}

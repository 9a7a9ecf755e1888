/* Partial-order reduction is sound, tested rather than assumed
 * (explore/dpor.c, explore/dependence.c).
 *
 * For every test program, every scenario, and every exercise's scenarios
 * with its buggy DLL, its reference solution and its wrong fixes:
 * the reduced search with a preemption bound runs a schedule of every
 * class of equivalent executions the full search with that bound runs (a
 * class is named by the hash of its happens-before order), so it finds
 * every verdict kind the full search finds.  The bound is the largest of
 * 2, 1, 0 whose full search is small enough here.
 *
 * For the programs whose every schedule can be run (the complete search),
 * the reduced complete search reaches exactly the same outcomes: verdict
 * kinds, exit codes and output.
 */
#include "harness.h"

#include "explore.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Full searches with a bound bigger than this are left to a smaller
 * bound; bound 0 may have up to FULL_MAX_0 schedules (the motivating race's
 * three cycles have 89,348). */
#ifndef __SANITIZE_ADDRESS__
#define FULL_MAX 8000
#define FULL_MAX_0 150000
/* The complete search is compared where the full one has fewer runs. */
#define COMPLETE_MAX 3000
#else
/* The ASan build runs several times slower: it compares the same programs
 * at smaller bounds, and leaves a program whose bound-0 search alone is
 * larger than FULL_MAX_0 to the default build, which checks every one. */
#define FULL_MAX 2000
#define FULL_MAX_0 20000
#define COMPLETE_MAX 1000
#endif

/* The size of a full search, estimated (sim_explore_estimate_with_range),
 * so that a search clearly too big is not started. */
static double estimate(sim_program *p, int bound) {
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.complete = bound < 0;
  o.preemption_bound = bound < 0 ? 0 : bound;
  return sim_explore_estimate_with_range(p, &o).low;
}

/* ---- Sets of 64-bit values and of strings ----------------------------------------------- */

/* An open-addressing set of non-zero values; v lists them in order. */
typedef struct set {
  uint64_t *v;
  size_t n, cap;
  uint64_t *slots;
  size_t n_slots;
} set;

static size_t slot_of(const set *s, uint64_t x) {
  size_t k = (size_t)((x ^ (x >> 29)) * 0xBF58476D1CE4E5B9ULL) & (s->n_slots - 1);
  while (s->slots[k] && s->slots[k] != x) k = (k + 1) & (s->n_slots - 1);
  return k;
}

static bool set_has(const set *s, uint64_t x) {
  x |= 1;
  return s->n_slots && s->slots[slot_of(s, x)] == x;
}

static void set_add(set *s, uint64_t x) {
  x |= 1; /* never zero, which marks a free slot */
  if ((s->n + 1) * 2 > s->n_slots) {
    s->n_slots = s->n_slots ? s->n_slots * 2 : 1024;
    free(s->slots);
    s->slots = calloc(s->n_slots, sizeof *s->slots);
    cr_assert(s->slots);
    for (size_t i = 0; i < s->n; i++) s->slots[slot_of(s, s->v[i])] = s->v[i];
  }
  size_t k = slot_of(s, x);
  if (s->slots[k]) return;
  s->slots[k] = x;
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 256;
    s->v = realloc(s->v, s->cap * sizeof *s->v);
    cr_assert(s->v);
  }
  s->v[s->n++] = x;
}

static uint64_t hash_str(const char *s) {
  uint64_t h = 14695981039346656037ULL;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return h;
}

typedef struct found {
  set classes;                    /* happens-before hashes */
  set outcomes;                   /* hashes of verdict, exit code and output */
  unsigned kinds;                 /* verdict kinds, a bit each */
  uint64_t runs;
  bool finished;
} found;

static void found_free(found *f) {
  free(f->classes.v);
  free(f->classes.slots);
  free(f->outcomes.v);
  free(f->outcomes.slots);
  memset(f, 0, sizeof *f);
}

/* Runs a dpor strategy (reduced or not) to its end or `max` runs. */
static void search(sim_program *p, sim_strategy *s, uint64_t max, found *f) {
  memset(f, 0, sizeof *f);
  sim_options o;
  sim_options_default(&o);
  o.steps_max = 20000;
  o.cpu_ms_per_step_max = 500;
  sim_result r;
  sim_result_init(&r);
  bool more = true;
  while (more && f->runs < max) {
    more = sim_run_program(p, &o, s, &r);
    if (sim__dpor_abandoned(s)) continue;
    f->runs++;
    set_add(&f->classes, sim__dpor_class(s));
    f->kinds |= 1u << r.verdict.kind;
    char buf[256];
    snprintf(buf, sizeof buf, "%s|%d|", sim_verdict_id(r.verdict.kind), r.exit_code);
    uint64_t h = hash_str(buf) ^ (hash_str(strbuf_str(&r.out)) * 31) ^ (hash_str(strbuf_str(&r.err)) * 7);
    set_add(&f->outcomes, h);
  }
  f->finished = !more;
  sim_result_free(&r);
  sim_strategy_destroy(s);
}

static void kinds_text(unsigned kinds, char *buf, size_t size) {
  size_t len = 0;
  buf[0] = '\0';
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    if (kinds & (1u << k)) len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s", len ? ", " : "", sim_verdict_id((sim_verdict_kind)k));
}

/* The check for one program: the largest bound of 2, 1, 0 whose full
 * search ends within FULL_MAX runs. */
static void check_bounded(sim_program *p, const char *name) {
  for (int bound = 2; bound >= 0; bound--) {
    found full, reduced;
    uint64_t max = bound ? FULL_MAX : FULL_MAX_0;
    if (bound > 0 && estimate(p, bound) > max) continue;
    search(p, sim__strategy_dpor_unreduced(bound), max, &full);
    if (!full.finished && bound > 0) {
      found_free(&full);
      continue;
    }
#ifdef __SANITIZE_ADDRESS__
    if (!full.finished) {
      found_free(&full);
      return;
    }
#endif
    cr_assert(full.finished, "%s: even bound 0 has more than %d schedules; make it smaller", name, FULL_MAX_0);
    search(p, sim_strategy_dpor(bound), max * 4, &reduced);
    cr_expect(reduced.finished, "%s, bound %d: the reduced search did not end", name, bound);
    char a[256], b[256];
    kinds_text(full.kinds, a, sizeof a);
    kinds_text(reduced.kinds, b, sizeof b);
    cr_expect_eq(reduced.kinds, full.kinds, "%s, bound %d: verdicts %s without reduction, %s with", name,
                 bound, a, b);
    size_t missed = 0;
    for (size_t i = 0; i < full.classes.n; i++) missed += !set_has(&reduced.classes, full.classes.v[i]);
    cr_expect_eq(missed, 0, "%s, bound %d: the reduced search missed %zu of the %zu classes of executions "
                 "the full search ran", name, bound, missed, full.classes.n);
    found_free(&full);
    found_free(&reduced);
    return;
  }
}

/* The complete search (no bound): the same outcomes, if the full search is
 * small enough to compare with. */
static void check_complete(sim_program *p, const char *name) {
  found full, reduced;
  if (estimate(p, -1) > COMPLETE_MAX) return;
  search(p, sim__strategy_dpor_unreduced(SIM_UNBOUNDED), COMPLETE_MAX, &full);
  if (!full.finished) {
    found_free(&full);
    return;
  }
  search(p, sim_strategy_dpor(SIM_UNBOUNDED), COMPLETE_MAX * 4, &reduced);
  cr_expect(reduced.finished, "%s: the reduced complete search did not end", name);
  cr_expect_eq(reduced.outcomes.n, full.outcomes.n, "%s: %zu outcomes without reduction, %zu with", name,
               full.outcomes.n, reduced.outcomes.n);
  size_t missing = 0;
  for (size_t i = 0; i < full.outcomes.n; i++) missing += !set_has(&reduced.outcomes, full.outcomes.v[i]);
  cr_expect_eq(missing, 0, "%s: %zu outcomes (verdict, exit code, output) missed by the reduced complete "
               "search", name, missing);
  for (size_t i = 0; i < full.classes.n; i++)
    if (!set_has(&reduced.classes, full.classes.v[i])) {
      cr_expect_fail("%s: a class of executions missed by the reduced complete search", name);
      break;
    }
  cr_expect(reduced.runs <= full.runs, "%s: reduction ran more schedules (%llu) than the full search (%llu)",
            name, (unsigned long long)reduced.runs, (unsigned long long)full.runs);
  found_free(&full);
  found_free(&reduced);
}

/* ---- The programs ------------------------------------------------------------------------ */

/* Programs of one file: those with a main and no LoadLibrary, in
 * tests/programs, whose names start with a letter in [from, to]. */
static void each_single_file_program(char from, char to, bool complete) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/programs", TESTS_DIR);
  DIR *d = opendir(dir);
  cr_assert(d, "cannot list %s", dir);
  struct dirent *e;
  int checked = 0;
  while ((e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (n < 3 || strcmp(e->d_name + n - 2, ".c") || e->d_name[0] < from || e->d_name[0] > to) continue;
    /* Not a program: a compile error on purpose; and programs whose every
     * run ends by the watchdog after a second or more of CPU or wall-clock
     * time (loops and system calls that never come back), which a search
     * of thousands of runs cannot afford (test_watchdog has them). */
    if (!strcmp(e->d_name, "cli_compile_error.c") || !strcmp(e->d_name, "verdict_spin.c") ||
        !strcmp(e->d_name, "cli_spin.c") || !strncmp(e->d_name, "watchdog_", 9) ||
        !strcmp(e->d_name, "tls_thread_variable.c") /* refused at build time, on purpose */ ||
        !strncmp(e->d_name, "not_simulated_", 14) /* a compile error naming the call, on purpose */ ||
        /* Stress programs: hundreds of blocked threads, thousands of live
         * threads (threads_many.c), and threads that
         * spin on a flag or forever, whose runs are thousands of steps and
         * whose search even without preemptions has hundreds of thousands
         * of schedules (a spinning thread gives way at no cost). */
        !strcmp(e->d_name, "cli_many_blocked.c") || !strcmp(e->d_name, "time_spin_flag.c") ||
        !strcmp(e->d_name, "time_spin_forever.c") || !strcmp(e->d_name, "threads_many.c"))
      continue;
    char path[8192];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    FILE *f = fopen(path, "r");
    cr_assert(f);
    char text[65536];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    /* Hosts that need DLLs are in `pairs` below. */
    if (!strstr(text, "int main(") || strstr(text, "LoadLibrary") || strstr(e->d_name, "_host.c")) continue;
    sim_program *p = th_build(e->d_name, NULL);
    if (complete) check_complete(p, e->d_name);
    else check_bounded(p, e->d_name);
    sim_program_free(p);
    checked++;
  }
  closedir(d);
  cr_expect(checked > 0, "no programs in [%c, %c]", from, to);
}

Test(reduction, single_file_programs_a_to_e, .timeout = 1200) { each_single_file_program('a', 'e', false); }
Test(reduction, single_file_programs_f_to_l, .timeout = 1200) { each_single_file_program('f', 'l', false); }
Test(reduction, single_file_programs_m_to_r, .timeout = 1200) { each_single_file_program('m', 'r', false); }
Test(reduction, single_file_programs_s, .timeout = 1200) { each_single_file_program('s', 's', false); }
Test(reduction, single_file_programs_t_to_z, .timeout = 1200) { each_single_file_program('t', 'z', false); }

Test(reduction, complete_search_reaches_the_same_outcomes_a_to_l, .timeout = 1200) {
  each_single_file_program('a', 'l', true);
}
Test(reduction, complete_search_reaches_the_same_outcomes_m_to_z, .timeout = 1200) {
  each_single_file_program('m', 'z', true);
}

/* Hosts with their DLLs, as the suites build them. */
static const char *const pairs[][3] = {
    {"dllmain_thread_in_attach_host.c", "spawn.dll=dllmain_thread_in_attach_dll.c", NULL},
    {"dllmain_load_one_host.c", "spawn.dll=dllmain_wait_thread_dll.c", NULL},
    {"dllmain_load_one_host.c", "spawn.dll=dllmain_loadlibrary_dll.c", NULL},
    {"dllmain_notify_host.c", "a.dll=loader_logdll.c", "b.dll=loader_logdll.c"},
    {"dllmain_exit_lock_host.c", "quietwait.dll=dllmain_exit_lock_dll.c", NULL},
    {"dllmain_lock_held_host.c", "slow.dll=dllmain_lock_held_dll.c", NULL},
    {"heap_host.c", "heapdll.dll=heap_dll.c", NULL},
    {"loader_false_host.c", "refuse.dll=loader_false_dll.c", NULL},
    {"loader_fresh_host.c", "fresh.dll=loader_fresh_dll.c", NULL},
    {"exit_freelibrary_host.c", "plugin.dll=exit_logdll.c", "owner.dll=exit_freelibrary_owner.c"},
    {"exit_loader_lock_host.c", "slow.dll=exit_loader_lock_slow.c", NULL},
    {"exit_stopper_host.c", "stopper.dll=exit_stopper_dll.c", NULL},
    {"exit_lock_held_host.c", "lockdll.dll=exit_lock_held_dll.c", NULL},
    {"exit_thread_handle_host.c", "joiner.dll=exit_thread_handle_dll.c", NULL},
    {"exit_dll_atexit_host.c", "atexit.dll=exit_dll_atexit_dll.c", NULL},
    {"unload_blocked_host.c", "blocked.dll=unload_blocked_dll.c", NULL},
    {"unload_stale_call_host.c", "stale.dll=unload_stale_dll.c", NULL},
    {"unload_stale_read_host.c", "stale.dll=unload_stale_dll.c", NULL},
    {"unload_suspended_host.c", "suspended.dll=unload_suspended_dll.c", NULL},
    {"unload_leaky_host.c", "leaky.dll=unload_leaky_dll.c", NULL},
    {"por_churn_host.c", "driver.dll=../../bench/programs/churn_driver.c", NULL},
    {"cli_null_call_host.c", "helper.dll=cli_null_call_dll.c", NULL},
    {"crt_exit_now_host.c", "exitnow.dll=crt_exit_now_dll.c", NULL},
    {"dllmain_module_handle_null_host.c", "waiter.dll=dllmain_module_handle_null_dll.c", NULL},
    {"exit_cut_short_host.c", "witness.dll=exit_cut_short_witness.c", "lockdll.dll=exit_lock_held_dll.c"},
    {"limits_segments_host.c", "segments.dll=limits_segments_dll.c", NULL},
    {"pool_attach_host.c", "counter.dll=pool_attach_dll.c", NULL},
    {"pool_unload_host.c", "driver.dll=pool_unload_dll.c", NULL},
    {"pool_unload_host.c", "driver.dll=pool_unload_library_dll.c", NULL},
    {"pool_unload_host.c", "driver.dll=pool_unload_free_dll.c", NULL},
    {"unload_handed_host.c", "handy.dll=unload_handed_dll.c", NULL},
    {"unload_nothing_kept_host.c", "stale.dll=unload_stale_dll.c", NULL},
    {"unload_table_host.c", "table.dll=unload_table_dll.c", NULL},
    {"unload_table_neighbour_host.c", "table.dll=unload_table_dll.c", NULL},
};

/* Hosts with their DLLs, in two halves that run side by side. */
static void each_pair(size_t from, size_t to) {
  for (size_t i = from; i < to && i < sizeof pairs / sizeof pairs[0]; i++) {
    sim_program *p = th_build(pairs[i][0], pairs[i][1], pairs[i][2], NULL);
    char name[256];
    snprintf(name, sizeof name, "%s with %s", pairs[i][0], pairs[i][1]);
    check_bounded(p, name);
    sim_program_free(p);
  }
}

Test(reduction, hosts_with_their_dlls_first_half, .timeout = 1200) { each_pair(0, 18); }
Test(reduction, hosts_with_their_dlls_second_half, .timeout = 1200) { each_pair(18, 100); }

/* Every scenario folder of tests/scenarios. */
Test(reduction, runtime_and_loader_scenarios, .timeout = 1500) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/scenarios", TESTS_DIR);
  DIR *d = opendir(dir);
  cr_assert(d);
  struct dirent *e;
  int checked = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char manifest[8192], sub[4096];
    snprintf(manifest, sizeof manifest, "%s/%s/scenario.txt", dir, e->d_name);
    FILE *f = fopen(manifest, "r");
    if (!f) continue;
    fclose(f);
    snprintf(sub, sizeof sub, "scenarios/%s", e->d_name);
    sim_program *p = th_scenario(sub);
    check_bounded(p, e->d_name);
    sim_program_free(p);
    checked++;
  }
  closedir(d);
  cr_expect(checked > 0);
}

/* Every scenario of every exercise (exercises/NN-name/scenarios/), with
 * the exercise's buggy DLL, with the reference solution
 * (solutions/NN-name/, the C file not named wrong-*.c) and with every
 * wrong fix; the solution's complete search is compared too where it can
 * be enumerated.  Exercises whose number is in [from, to]. */
static void check_exercise_program(sim_program *p, const char *name, const char *solution, void *ctx) {
  (void)ctx;
  check_bounded(p, name);
  if (solution[0] && strncmp(solution, "wrong-", 6) != 0) check_complete(p, name);
}

static void each_exercise(int from, int to) {
  int checked = th_each_exercise_program(from, to, check_exercise_program, NULL);
  cr_expect(checked > 0, "no exercises numbered %d to %d", from, to);
}

Test(reduction, exercises_01_02, .timeout = 1500) { each_exercise(1, 2); }
Test(reduction, exercises_03_04, .timeout = 1500) { each_exercise(3, 4); }
Test(reduction, exercises_05_06, .timeout = 1500) { each_exercise(5, 6); }
/* 07 and every later one, so a new exercise is covered without an edit. */
Test(reduction, exercises_07_and_later, .timeout = 1500) { each_exercise(7, 99); }

/* ---- Runs that end early ------------------------------------------------------------------- */

Test(reduction, a_run_ended_by_one_thread_still_shows_the_other_threads_failures) {
  sim_program *p = th_build("por_two_failures.c", NULL);
  found reduced;
  search(p, sim_strategy_dpor(1), FULL_MAX, &reduced);
  cr_expect(reduced.kinds & (1u << SIM_VERDICT_ASSERTION));
  cr_expect(reduced.kinds & (1u << SIM_VERDICT_ABORT));
  found_free(&reduced);
  sim_program_free(p);
}

Test(reduction, a_thread_terminated_while_ready_still_runs_first_somewhere) {
  sim_program *p = th_build("por_terminated.c", NULL);
  found reduced;
  search(p, sim_strategy_dpor(1), FULL_MAX, &reduced);
  cr_expect(reduced.kinds & (1u << SIM_VERDICT_CRASH), "the worker's crash before TerminateThread");
  cr_expect(reduced.kinds & (1u << SIM_VERDICT_OK));
  found_free(&reduced);
  sim_program_free(p);
}

Test(reduction, reduction_runs_fewer_schedules_on_the_churn_driver) {
  sim_program *p = th_build("por_churn_host.c", "driver.dll=../../bench/programs/churn_driver.c", NULL);
  found full, reduced;
  /* One cycle has 3,482 schedules within two preemptions: room for all of
   * them in every build, whatever FULL_MAX is. */
  enum { CHURN_MAX = 8000 };
  search(p, sim__strategy_dpor_unreduced(2), CHURN_MAX, &full);
  search(p, sim_strategy_dpor(2), CHURN_MAX, &reduced);
  cr_expect(full.finished && reduced.finished);
  cr_expect_lt(reduced.runs, full.runs, "reduced %llu, full %llu", (unsigned long long)reduced.runs,
               (unsigned long long)full.runs);
  found_free(&full);
  found_free(&reduced);
  sim_program_free(p);
}

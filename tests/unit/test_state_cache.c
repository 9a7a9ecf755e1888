/* The state cache is sound, tested rather than assumed
 * (explore/state_cache.c and the fingerprints of kernel/, loader/ and
 * check/).
 *
 * A search with the cache must reach exactly the outcomes (verdict kinds,
 * exit codes, output) the same search reaches without it, while it stops
 * runs at states already searched.  This is checked
 * - for one program per part of the state (tests/programs/cache_*.c): two
 *   threads race, the winner leaves a trace in that part only, and after a
 *   cut point the main thread shows it; a fingerprint that left that part
 *   out would merge the two states and lose an outcome (each was seen to
 *   fail with its part taken out of the fingerprint);
 * - for the step limit, which the fingerprint leaves out on purpose;
 * - for programs that repeat (two rounds of a race, two cycles of the
 *   benchmark's churn driver), and every exercise scenario with the buggy
 *   DLL, the reference solution and the wrong fixes, where the search
 *   without the cache is small enough;
 * both in the complete reduced search (dpor.c) and in the search under a
 * preemption bound (dfs.c).
 */
#include "harness.h"

#include "explore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Searches without the cache larger than this are not compared. */
#ifndef __SANITIZE_ADDRESS__
#define RUNS_MAX 40000
#else
#define RUNS_MAX 8000
#endif

typedef struct outcomes {
  uint64_t *v;                    /* hashes of verdict, exit code and output, sorted */
  size_t n, cap;
  unsigned kinds;                 /* verdict kinds, a bit each */
  uint64_t runs, cut;
  uint64_t cut_several;           /* of the cut: where more than one thread was alive */
  uint64_t cut_asleep;            /* of the cut: where a thread was asleep */
  bool finished;
} outcomes;

static uint64_t hash_str(uint64_t h, const char *s) {
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return (h ^ 0xff) * 1099511628211ULL;
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

/* Runs the search (bound < 0: the complete reduced one; else the bounded
 * one, reduced or not) with or without the cache, to its end or max runs. */
static void search_with(sim_program *p, int bound, bool reduced, bool cache, uint64_t steps_max, uint64_t max,
                        outcomes *o) {
  memset(o, 0, sizeof *o);
  sim__state_cache_set_wanted(cache);
  sim_strategy *s = bound < 0 ? sim_strategy_dpor(SIM_UNBOUNDED) : reduced ? sim_strategy_dpor(bound) : sim_strategy_dfs(bound);
  sim__state_cache_set_wanted(false);
  cr_assert(s);
  sim_options opt;
  sim_options_default(&opt);
  opt.steps_max = steps_max;
  opt.cpu_ms_per_step_max = 500;
  sim_result r;
  sim_result_init(&r);
  bool more = true;
  while (more && o->runs + o->cut < max) {
    more = sim_run_program(p, &opt, s, &r);
    if (sim__search_run_cut(s)) {
      o->cut++;
      continue;
    }
    if ((bound < 0 || reduced) && sim__dpor_abandoned(s)) continue;
    o->runs++;
    o->kinds |= 1u << r.verdict.kind;
    char head[64];
    snprintf(head, sizeof head, "%s|%d|", sim_verdict_id(r.verdict.kind), r.exit_code);
    uint64_t h = hash_str(hash_str(hash_str(14695981039346656037ULL, head), strbuf_str(&r.out)), strbuf_str(&r.err));
    if (o->n == o->cap) {
      o->cap = o->cap ? o->cap * 2 : 64;
      o->v = realloc(o->v, o->cap * sizeof *o->v);
      cr_assert(o->v);
    }
    o->v[o->n++] = h;
  }
  o->finished = !more;
  if (bound < 0 && cache) {
    o->cut_several = sim__dpor_cuts_several(s);
    o->cut_asleep = sim__dpor_cuts_asleep(s);
  }
  sim_result_free(&r);
  sim_strategy_destroy(s);
  qsort(o->v, o->n, sizeof *o->v, cmp_u64);
  size_t w = 0;
  for (size_t i = 0; i < o->n; i++)
    if (!w || o->v[w - 1] != o->v[i]) o->v[w++] = o->v[i];
  o->n = w;
}

static void search(sim_program *p, int bound, bool cache, uint64_t steps_max, uint64_t max, outcomes *o) {
  search_with(p, bound, false, cache, steps_max, max, o);
}

static bool same_outcomes(const outcomes *a, const outcomes *b) {
  return a->n == b->n && (a->n == 0 || memcmp(a->v, b->v, a->n * sizeof *a->v) == 0);
}

/* A search with `what` (the cache, or reduction and the cache) ended and
 * reached the outcomes of full, the search without, in no more runs. */
static void expect_as_full(const outcomes *full, const outcomes *got, const char *name, int bound,
                           const char *what) {
  cr_expect(got->finished, "%s, bound %d: the search with %s did not end", name, bound, what);
  cr_expect_eq(got->kinds, full->kinds, "%s, bound %d: verdict kinds %#x without %s, %#x with", name, bound,
               full->kinds, what, got->kinds);
  cr_expect(same_outcomes(full, got),
            "%s, bound %d: %zu outcomes (verdict, exit code, output) without %s, %zu with", name, bound, full->n,
            what, got->n);
  cr_expect_leq(got->runs + got->cut, full->runs,
                "%s, bound %d: %s made more runs (%llu) than the search without (%llu)", name, bound, what, (unsigned long long)(got->runs + got->cut), (unsigned long long)full->runs);
}

/* The search with the cache reaches the outcomes of the one without it;
 * returns how many runs it cut (-1: the search without it is too big). */
static long long compare(sim_program *p, const char *name, int bound, uint64_t steps_max) {
  outcomes full, cached;
  search(p, bound, false, steps_max, RUNS_MAX, &full);
  if (!full.finished) {
    free(full.v);
    return -1;
  }
  search(p, bound, true, steps_max, RUNS_MAX, &cached);
  expect_as_full(&full, &cached, name, bound, "the cache");
  long long cut = (long long)cached.cut;
  free(cached.v);
  /* Under a bound the reduced search cuts too, where one thread is alive:
   * the outcomes are still those of every schedule. */
  if (bound >= 0) {
    search_with(p, bound, true, true, steps_max, RUNS_MAX, &cached);
    expect_as_full(&full, &cached, name, bound, "reduction and the cache");
    if ((long long)cached.cut < cut) cut = (long long)cached.cut;
    free(cached.v);
  }
  free(full.v);
  return cut;
}

/* ---- One part of the state each ------------------------------------------------- */

static void check_part(const char *program) {
  sim_program *p = th_build(program, NULL);
  for (int bound = -1; bound <= 2; bound += 3) {
    long long cut = compare(p, program, bound, 20000);
    cr_expect_gt(cut, 0, "%s, bound %d: no run was cut, so the test shows nothing", program, bound);
  }
  sim_program_free(p);
}

Test(state_cache, static_data_is_part_of_the_state) { check_part("cache_static_data.c"); }
Test(state_cache, heap_contents_are_part_of_the_state) { check_part("cache_heap.c"); }
Test(state_cache, a_freed_heap_block_is_part_of_the_state) { check_part("cache_heap_freed.c"); }
Test(state_cache, the_live_threads_stack_is_part_of_the_state) { check_part("cache_stack.c"); }
Test(state_cache, output_so_far_is_part_of_the_state) { check_part("cache_output.c"); }
Test(state_cache, the_order_handles_are_reused_in_is_part_of_the_state) { check_part("cache_handles.c"); }
Test(state_cache, virtual_time_is_part_of_the_state) { check_part("cache_time.c"); }
Test(state_cache, an_events_signal_is_part_of_the_state) { check_part("cache_event.c"); }
Test(state_cache, an_abandoned_mutex_is_part_of_the_state) { check_part("cache_mutex.c"); }
Test(state_cache, tls_indexes_in_use_are_part_of_the_state) { check_part("cache_tls.c"); }
Test(state_cache, exited_threads_exit_codes_are_part_of_the_state) { check_part("cache_exit_code.c"); }
Test(state_cache, the_lock_order_graph_is_part_of_the_state) { check_part("cache_lock_order.c"); }
Test(state_cache, what_a_woken_threads_wait_will_return_is_part_of_the_state) { check_part("cache_woken.c"); }

/* The cost rule counts fingerprints per program point; a thread's exit has
 * no return address, so its point is 0.  Its counts must stay its own
 * whichever other points share the table: when they went to the next
 * point that took its slot, whether one did depended on where the system
 * had placed the program, and a search cut different runs from process to
 * process (lesson 9's example, 1,608 or 1,672 of 2,599 runs, about one
 * process in seventy). */
Test(state_cache, the_point_of_a_thread_exit_has_counts_of_its_own) {
  sim_state_cache *c = sim__state_cache_new(false);
  for (int i = 0; i < 5; i++) sim__state_cache_count_try(c, 0);
  /* Enough points to fill the table, so some want the exit's slot. */
  for (uintptr_t i = 1; i <= 4096; i++) {
    uintptr_t point = 0x400000 + 12 * i;
    sim__state_cache_count_try(c, point);
    cr_expect_leq(sim__state_cache_tries_at(c, point), 1, "point %#lx has counts it never made",
                  (unsigned long)point);
  }
  cr_expect_eq(sim__state_cache_tries_at(c, 0), 5, "the exit's point has %llu tries, not 5",
               (unsigned long long)sim__state_cache_tries_at(c, 0));
  sim__state_cache_free(c);
}

/* The cost rule gives a point up after 64 fingerprints that saved
 * nothing, except in the reduced complete search (the one with
 * summaries), where a point's first fingerprints say little about what
 * later ones save (on exercise 07's queries-from-two-threads, giving
 * points up made that search make nearly four times as many runs). */
Test(state_cache, the_reduced_complete_search_never_gives_a_point_up) {
  uintptr_t point = 0x401000;
  sim_state_cache *plain = sim__state_cache_new(false);
  sim_state_cache *reduced = sim__state_cache_new(true);
  for (int i = 0; i < 64; i++) {
    cr_expect(sim__state_cache_worth_trying(plain, point), "without summaries: point given up after %d tries", i);
    sim__state_cache_count_try(plain, point);
    sim__state_cache_count_try(reduced, point);
  }
  cr_expect_not(sim__state_cache_worth_trying(plain, point),
                "without summaries: 64 fingerprints that saved nothing, and the point is still tried");
  cr_expect(sim__state_cache_worth_trying(reduced, point), "with summaries: the point was given up");
  sim__state_cache_free(plain);
  sim__state_cache_free(reduced);
}

/* The step count is left out of the state: a state reached with more
 * steps may not be cut where its longest run below would pass the limit.
 * The runs where thread 2 wins take 40 steps more than the others (about
 * 258 against 218); at 240 steps, those reach the limit after the cut
 * point and the others do not.  (The 200 steps after the cut point make
 * cutting there worth a fingerprint, so the cache keeps trying it.) */
Test(state_cache, a_state_reached_with_more_steps_is_searched_again_near_the_step_limit) {
  sim_program *p = th_build("cache_step_limit.c", NULL);
  for (int bound = -1; bound <= 2; bound += 3) {
    outcomes o;
    search(p, bound, true, 240, RUNS_MAX, &o);
    cr_expect(o.kinds & (1u << SIM_VERDICT_HANG), "bound %d: the runs that reach the step limit", bound);
    cr_expect(o.kinds & (1u << SIM_VERDICT_OK), "bound %d: the runs that do not", bound);
    free(o.v);
    cr_expect_gt(compare(p, "cache_step_limit.c", bound, 240), 0, "bound %d: no run was cut", bound);
  }
  sim_program_free(p);
}

/* ---- Programs that repeat ------------------------------------------------------------ */

/* A race in each of two rounds: the second round's search below each
 * state the first one leaves. */
Test(state_cache, a_state_searched_once_stands_for_every_round_after_it) {
  sim_program *p = th_build("cache_two_rounds.c", NULL);
  cr_expect_gt(compare(p, "cache_two_rounds.c", -1, 20000), 0);
  cr_expect_gt(compare(p, "cache_two_rounds.c", 2, 20000), 0);
  sim_program_free(p);
}

/* The churn driver of the benchmark (exercise 01's shape) over two cycles
 * of load, query, free and unload. */
Test(state_cache, the_churn_driver_over_two_cycles, .timeout = 600) {
  sim_program *p = th_build("cache_churn_host.c", "driver.dll=../../bench/programs/churn_driver.c", NULL);
  /* Bound 1 has 10,368 schedules, more than the AddressSanitizer build
   * compares. */
  int last = RUNS_MAX >= 10368 ? 1 : 0;
  for (int bound = 0; bound <= last; bound++) cr_expect_gt(compare(p, "cache_churn_host.c", bound, 20000), 0);
  sim_program_free(p);
}

/* Every scenario of every exercise, with its buggy DLL, its reference
 * solution and its wrong fixes: bound 0 and 1, and the complete search of
 * the solutions, wherever the search without the cache has at most
 * RUNS_MAX runs. */
static void compare_exercise_program(sim_program *p, const char *name, const char *solution, void *ctx) {
  int *compared = ctx;
  for (int bound = 0; bound <= 1; bound++) *compared += compare(p, name, bound, 20000) >= 0;
  if (solution[0] && strncmp(solution, "wrong-", 6) != 0) *compared += compare(p, name, -1, 20000) >= 0;
}

static void each_exercise(int from, int to) {
  int compared = 0;
  th_each_exercise_program(from, to, compare_exercise_program, &compared);
  cr_expect(compared > 0, "no search of exercises %d to %d was small enough to compare", from, to);
}

Test(state_cache, exercises_01_to_04, .timeout = 900) { each_exercise(1, 4); }
Test(state_cache, exercises_05_and_later, .timeout = 900) { each_exercise(5, 99); }

/* ---- Cuts where several threads are alive ----------------------------------------- */

/* Small programs of two or three threads that increment shared counters
 * (dependent steps whose two orders reach the same state, so the same
 * state is reached by different prefixes) and store and load plain
 * variables between those calls, then print what each thread saw.  The
 * cache cuts where several threads are alive; a cut that did not take the
 * races of the steps below the state with the steps before it would lose
 * outputs.  Three families: in the second, threads are longer, the main
 * thread may end the process without waiting for its last thread, and a
 * thread may crash on a value it sees (a run that ends at a step that is
 * not global); in the third, threads set and wait for events (so a step
 * makes another thread ready, and a run may end in a deadlock).  The seeds
 * past 40 are ones where taking a part of the analysis out lost an
 * outcome: in explore/dpor.c, race_summary, the steps below a state that
 * it says happen after other threads' steps (after_of), and the steps that
 * made a thread ready (before_next_of); in explore/state_cache.c, passing
 * up the summaries of states cut at and of states settled below. */
static unsigned next_rand(unsigned *state) {
  *state = *state * 1103515245u + 12345u;
  return *state >> 16;
}

static void write_random_program(const char *path, unsigned seed, int family) {
  FILE *f = fopen(path, "w");
  cr_assert(f, "cannot write %s", path);
  unsigned rs = seed;
  int threads = 2 + (int)(next_rand(&rs) % 2);
  fprintf(f, "#include <windows.h>\n#include <stdio.h>\n"
             "static volatile LONG c[2];\nstatic volatile int g[3];\nstatic int seen[3][4];\n"
             "static HANDLE e[2];\n");
  for (int t = 0; t < threads; t++) {
    fprintf(f, "static DWORD WINAPI run%d(LPVOID unused) {\n  (void)unused;\n", t);
    int ops = 2 + (int)(next_rand(&rs) % (family ? 4 : 3)), loads = 0;
    for (int i = 0; i < ops; i++) {
      int k = (int)(next_rand(&rs) % 3);
      switch (next_rand(&rs) % 4) {
      case 0: fprintf(f, "  InterlockedIncrement(&c[%d]);\n", k % 2); break;
      case 1: fprintf(f, "  g[%d] = %d;\n  InterlockedIncrement(&c[%d]);\n", k, t + 1, (k + t) % 2); break;
      case 2:
        if (family == 1 && t > 0 && next_rand(&rs) % 4 == 0)
          fprintf(f, "  if (g[%d] == %d) *(volatile int *)0 = 1;\n", k, (int)(next_rand(&rs) % 3));
        else if (loads < 4) fprintf(f, "  seen[%d][%d] = g[%d];\n", t, loads++, k);
        fprintf(f, "  InterlockedIncrement(&c[%d]);\n", (k + 1) % 2);
        break;
      default:
        if (family == 2 && next_rand(&rs) % 2 == 0) {
          /* Events: a wait makes a thread ready again by another's step
           * (and may never end: then the run ends in a deadlock). */
          if (next_rand(&rs) % 2) fprintf(f, "  SetEvent(e[%d]);\n", k % 2);
          else fprintf(f, "  WaitForSingleObject(e[%d], INFINITE);\n", k % 2);
        } else if (loads < 4) {
          fprintf(f, "  seen[%d][%d] = (int)InterlockedCompareExchange(&c[%d], 0, 0);\n", t, loads++, k % 2);
        } else {
          fprintf(f, "  InterlockedIncrement(&c[%d]);\n", k % 2);
        }
      }
    }
    fprintf(f, "  return 0;\n}\n");
  }
  fprintf(f, "int main(void) {\n  HANDLE h[3];\n");
  fprintf(f, "  e[0] = CreateEventA(NULL, TRUE, FALSE, NULL);\n  e[1] = CreateEventA(NULL, TRUE, FALSE, NULL);\n");
  for (int t = 1; t < threads; t++) fprintf(f, "  h[%d] = CreateThread(NULL, 0, run%d, NULL, 0, NULL);\n", t - 1, t);
  int waited = family == 1 && seed % 3 == 0 ? threads - 2 : threads - 1;
  fprintf(f, "  run0(NULL);\n");
  if (waited > 0) fprintf(f, "  WaitForMultipleObjects(%d, h, TRUE, INFINITE);\n", waited);
  fprintf(f, "  for (int t = 0; t < %d; t++)\n    printf(\"%%d %%d %%d %%d\\n\", seen[t][0], seen[t][1], seen[t][2], seen[t][3]);\n", threads);
  fprintf(f, "  printf(\"%%ld %%ld\\n\", c[0], c[1]);\n  return 0;\n}\n");
  fclose(f);
}

Test(state_cache, cuts_where_several_threads_are_alive_lose_no_outcome, .timeout = 900) {
  char dir[] = "/tmp/loaderlab-cache-XXXXXX";
  cr_assert(mkdtemp(dir), "cannot make a temporary folder");
  /* Seeds 1 to 40 of each family, then those found to tell. */
  static const unsigned telling[3][4] = {{181, 244}, {196}, {141}};
  uint64_t several = 0, asleep = 0;
  int compared = 0, written = 0;
  const unsigned n_first = 40;
  for (int family = 0; family < 3; family++)
    for (unsigned i = 0; i < n_first + 4; i++) {
      unsigned seed = i < n_first ? i + 1 : telling[family][i - n_first];
      if (seed == 0) continue;
      char path[256], name[64];
      snprintf(path, sizeof path, "%s/random%d-%u.c", dir, family, seed);
      snprintf(name, sizeof name, "random program %d-%u", family, seed);
      write_random_program(path, seed, family);
      written++;
      sim_program *p = th_build(path, NULL);
      outcomes full, cached;
      search(p, -1, false, 20000, RUNS_MAX, &full);
      if (full.finished) {
        search(p, -1, true, 20000, RUNS_MAX, &cached);
        compared++;
        several += cached.cut_several;
        asleep += cached.cut_asleep;
        cr_expect(cached.finished, "%s: the search with the cache did not end", name);
        cr_expect_eq(cached.kinds, full.kinds, "%s (%s): verdict kinds %#x without the cache, %#x with it", name,
                     path, full.kinds, cached.kinds);
        cr_expect(same_outcomes(&full, &cached),
                  "%s (%s): %zu outcomes (verdict, exit code, output) without the cache, %zu with it", name,
                  path, full.n, cached.n);
        free(cached.v);
      }
      free(full.v);
      sim_program_free(p);
      remove(path);
    }
  remove(dir);
  /* The searches without the cache of most of them stay under RUNS_MAX
   * (in the AddressSanitizer build too, which has a lower one). */
  cr_expect_gt(2 * compared, written, "only %d of the %d random programs were small enough to compare", compared,
               written);
  cr_expect_gt(several, 0, "no run was cut where several threads were alive, so the test shows nothing");
  cr_expect_gt(asleep, 0, "no run was cut where a thread was asleep, so the test shows nothing of those cuts");
}

/* The dependence relation of partial-order reduction (explore/dependence.c)
 * and the footprints it works on (kernel/footprint.c, api/memory.c): one
 * test per rule on footprints made up here, and tests that a real run's
 * steps record what they touch, through the program's instrumented loads
 * and stores, the locks, the heap, the output and the clock. */
#include "harness.h"

#include "explore.h"

#include <stdlib.h>
#include <string.h>

/* ---- The rules, on made-up footprints -------------------------------------------- */

#define MEM(key, w) ((SIM_RES(SIM_RES_MEMORY, (key)) << 1) | (w))
#define OBJ(key, w) ((SIM_RES(SIM_RES_OBJECT, (key)) << 1) | (w))

static sim_footprint fp(int tid, const uint64_t *acc, int n) {
  return (sim_footprint){tid, false, acc, n, NULL, 0, NULL, 0};
}

Test(dependence, steps_of_one_thread_are_dependent) {
  sim_footprint a = fp(2, NULL, 0), b = fp(2, NULL, 0);
  cr_expect(sim__dep_dependent(&a, &b));
}

Test(dependence, steps_with_nothing_in_common_are_independent) {
  uint64_t x[] = {MEM(10, 1)}, y[] = {MEM(11, 1)};
  sim_footprint a = fp(2, x, 1), b = fp(3, y, 1);
  cr_expect(!sim__dep_dependent(&a, &b));
}

Test(dependence, two_reads_of_one_resource_are_independent) {
  uint64_t x[] = {MEM(10, 0), OBJ(5, 0)}, y[] = {MEM(10, 0), OBJ(5, 0)};
  sim_footprint a = fp(2, x, 2), b = fp(3, y, 2);
  cr_expect(!sim__dep_dependent(&a, &b));
}

Test(dependence, a_write_and_a_read_of_one_resource_are_dependent) {
  uint64_t x[] = {MEM(9, 0), MEM(10, 1)}, y[] = {MEM(10, 0), MEM(12, 0)};
  sim_footprint a = fp(2, x, 2), b = fp(3, y, 2);
  cr_expect(sim__dep_dependent(&a, &b));
  cr_expect(sim__dep_dependent(&b, &a), "the relation is symmetric");
}

Test(dependence, two_writes_of_one_resource_are_dependent) {
  uint64_t x[] = {OBJ(7, 1)}, y[] = {OBJ(7, 1)};
  sim_footprint a = fp(2, x, 1), b = fp(3, y, 1);
  cr_expect(sim__dep_dependent(&a, &b));
}

Test(dependence, resources_of_different_kinds_never_meet) {
  /* The same key under two kinds names two things. */
  uint64_t x[] = {MEM(7, 1)}, y[] = {OBJ(7, 1)};
  sim_footprint a = fp(2, x, 1), b = fp(3, y, 1);
  cr_expect(!sim__dep_dependent(&a, &b));
}

Test(dependence, a_global_step_is_dependent_with_every_step) {
  sim_footprint a = fp(2, NULL, 0), b = fp(3, NULL, 0);
  a.global = true;
  cr_expect(sim__dep_dependent(&a, &b));
  cr_expect(sim__dep_dependent(&b, &a));
}

Test(dependence, the_clock_is_dependent_with_every_step) {
  sim_footprint a = fp(0, NULL, 0), b = fp(3, NULL, 0);
  cr_expect(sim__dep_dependent(&a, &b));
}

Test(dependence, waking_a_thread_orders_it_after) {
  int woken[] = {3};
  sim_footprint a = fp(2, NULL, 0), b = fp(3, NULL, 0), c = fp(4, NULL, 0);
  a.woken = woken;
  a.n_woken = 1;
  cr_expect(sim__dep_dependent(&a, &b));
  cr_expect(!sim__dep_dependent(&a, &c));
}

Test(dependence, taking_a_ready_thread_out_orders_it) {
  int gone[] = {4};
  sim_footprint a = fp(2, NULL, 0), b = fp(4, NULL, 0), c = fp(3, NULL, 0);
  a.disabled = gone;
  a.n_disabled = 1;
  cr_expect(sim__dep_dependent(&a, &b));
  cr_expect(sim__dep_dependent(&b, &a));
  cr_expect(!sim__dep_dependent(&a, &c));
}

Test(dependence, calls_whose_effects_reach_unnamed_things_are_not_declared) {
  cr_expect(sim__declared_calls[SIM_API_EnterCriticalSection]);
  cr_expect(sim__declared_calls[SIM_API_PostQueuedCompletionStatus]);
  cr_expect(!sim__declared_calls[SIM_API_SwitchToThread]);
  cr_expect(!sim__declared_calls[SIM_API_SleepConditionVariableSRW]);
  cr_expect(!sim__declared_calls[SIM_API_ReadFile]);
  cr_expect(!sim__declared_calls[SIM_API_SetWaitableTimer]);
}

/* ---- Footprints of a real run ------------------------------------------------------- */

typedef struct rec_step {
  int tid, api;
  bool global;
  uint64_t *acc;
  int n_acc;
  int woken[64], n_woken;
} rec_step;

typedef struct recorder {
  sim_strategy base;
  rec_step steps[4096];
  int n;
  int next_api;                   /* the call the next step starts at */
} recorder;

static void rec_step_fn(sim_strategy *s, const sim_footprint *done, const sim_decision *next) {
  recorder *r = (recorder *)s;
  if (done && r->n < 4096) {
    rec_step *st = &r->steps[r->n++];
    st->tid = done->tid;
    st->api = done->tid ? r->next_api : -1;
    st->global = done->global;
    st->acc = malloc((size_t)(done->n_acc ? done->n_acc : 1) * sizeof *st->acc);
    if (done->n_acc) memcpy(st->acc, done->acc, (size_t)done->n_acc * sizeof *st->acc);
    st->n_acc = done->n_acc;
    for (int i = 0; i < done->n_woken && i < 64; i++) st->woken[st->n_woken++] = done->woken[i];
  }
  if (next) r->next_api = next->ready[next->default_index]->api;
}

static int rec_pick(sim_strategy *s, const sim_decision *d) {
  (void)s;
  return d->default_index;
}

static bool rec_end(sim_strategy *s) {
  (void)s;
  return false;
}

static void rec_destroy(sim_strategy *s) {
  recorder *r = (recorder *)s;
  for (int i = 0; i < r->n; i++) free(r->steps[i].acc);
  free(r);
}

static const sim_strategy_ops rec_ops = {.name = "recorder", .pick = rec_pick, .end_run = rec_end,
                                         .destroy = rec_destroy, .step = rec_step_fn,
                                         .declared_calls = sim__declared_calls};

static recorder *record(sim_program *p) {
  recorder *r = calloc(1, sizeof *r);
  cr_assert(r);
  r->base.ops = &rec_ops;
  sim_options o;
  sim_options_default(&o);
  sim_result res;
  sim_result_init(&res);
  sim_run_program(p, &o, &r->base, &res);
  cr_assert_eq(res.verdict.kind, SIM_VERDICT_OK, "%s", res.verdict.message);
  sim_result_free(&res);
  return r;
}

/* The k-th step (from 0) of thread tid. */
static rec_step *step_of(recorder *r, int tid, int k) {
  for (int i = 0; i < r->n; i++)
    if (r->steps[i].tid == tid && k-- == 0) return &r->steps[i];
  cr_assert_fail("thread %d has no step %d", tid, k);
  return NULL;
}

static sim_footprint view(const rec_step *st) {
  return (sim_footprint){st->tid, st->global, st->acc, st->n_acc, st->woken, st->n_woken, NULL, 0};
}

/* The access of resource res in the step: -1 none, 0 read, 1 write. */
static int access_of(const rec_step *st, uint64_t res) {
  for (int i = 0; i < st->n_acc; i++)
    if (st->acc[i] >> 1 == res) return (int)(st->acc[i] & 1);
  return -1;
}

static int count_kind(const rec_step *st, int kind) {
  int n = 0;
  for (int i = 0; i < st->n_acc; i++) n += SIM_RES_KIND_OF(st->acc[i] >> 1) == kind;
  return n;
}

static uint64_t global_res(sim_program *p, const char *name) {
  void *a = sim__image_lookup(p->host, name, false);
  cr_assert(a, "no symbol %s", name);
  return SIM_RES(SIM_RES_MEMORY, (uintptr_t)a >> 2);
}

static int sorted_cmp(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

static void sort_steps(recorder *r) {
  for (int i = 0; i < r->n; i++) qsort(r->steps[i].acc, (size_t)r->steps[i].n_acc, sizeof(uint64_t), sorted_cmp);
}

Test(footprints, a_step_records_the_globals_its_code_reads_and_writes) {
  sim_program *p = th_build("por_footprints.c", NULL);
  recorder *r = record(p);
  sort_steps(r);
  uint64_t g = global_res(p, "g_written");
  rec_step *w = step_of(r, 2, 0), *rd = step_of(r, 3, 0), *alone = step_of(r, 4, 0);
  cr_expect_eq(access_of(w, g), 1, "the writer's first step writes g_written");
  cr_expect_eq(access_of(rd, g), 0, "the reader's first step reads it");
  cr_expect_eq(access_of(alone, global_res(p, "g_alone")), 1);
  sim_footprint fw = view(w), fr = view(rd), fa = view(alone);
  cr_expect(sim__dep_dependent(&fw, &fr), "writer and reader of one global are dependent");
  cr_expect(!sim__dep_dependent(&fr, &fa), "steps on different globals are independent");
  /* The reader's local variable is on its own stack: not recorded. */
  cr_expect_eq(count_kind(rd, SIM_RES_MEMORY), 1, "the reader shares only g_written");
  rec_destroy(&r->base);
  sim_program_free(p);
}

Test(footprints, a_lock_taken_and_released_in_one_step_is_only_read) {
  sim_program *p = th_build("por_footprints.c", NULL);
  recorder *r = record(p);
  sort_steps(r);
  /* Starting a thread takes the loader lock for DLL_THREAD_ATTACH and
   * releases it in the same step. */
  rec_step *start = step_of(r, 2, 0);
  int locks = 0;
  for (int i = 0; i < start->n_acc; i++) {
    if (SIM_RES_KIND_OF(start->acc[i] >> 1) != SIM_RES_LOCK) continue;
    locks++;
    cr_expect_eq(start->acc[i] & 1, 0, "the loader lock is only read");
  }
  cr_expect_eq(locks, 1);
  /* EnterCriticalSection on its own keeps the lock: a write. */
  rec_step *enter = step_of(r, 6, 1);
  cr_expect_eq(enter->api, SIM_API_EnterCriticalSection);
  void *cs = sim__image_lookup(p->host, "g_cs", false);
  cr_expect_eq(access_of(enter, SIM_RES(SIM_RES_LOCK, (uintptr_t)cs >> 2)), 1);
  rec_destroy(&r->base);
  sim_program_free(p);
}

Test(footprints, interlocked_calls_heap_blocks_and_output_are_recorded) {
  sim_program *p = th_build("por_footprints.c", NULL);
  recorder *r = record(p);
  sort_steps(r);
  rec_step *inc = step_of(r, 5, 1);
  cr_expect_eq(inc->api, SIM_API_InterlockedIncrement);
  cr_expect_eq(access_of(inc, global_res(p, "g_counter")), 1);
  rec_step *heap = step_of(r, 7, 0);
  bool block_written = false, freed = false;
  for (int i = 0; i < heap->n_acc; i++) {
    uint64_t res = heap->acc[i] >> 1;
    if (SIM_RES_KIND_OF(res) == SIM_RES_MEMORY && ((res >> 54) & 3) == 2 && (heap->acc[i] & 1))
      block_written = true;
    if (SIM_RES_KIND_OF(res) == SIM_RES_HEAP_LIFE && (heap->acc[i] & 1)) freed = true;
  }
  cr_expect(block_written, "writing into a heap block names the block");
  cr_expect(freed, "free writes the block's existence");
  cr_expect_eq(access_of(step_of(r, 9, 0), SIM_RES(SIM_RES_OUTPUT, 1)), 1, "printf writes stdout");
  rec_destroy(&r->base);
  sim_program_free(p);
}

Test(footprints, a_call_without_a_declared_footprint_makes_its_step_global) {
  sim_program *p = th_build("por_footprints.c", NULL);
  recorder *r = record(p);
  rec_step *sw = step_of(r, 8, 1);
  cr_expect_eq(sw->api, SIM_API_SwitchToThread);
  cr_expect(sw->global);
  cr_expect(!step_of(r, 8, 0)->global);
  rec_destroy(&r->base);
  sim_program_free(p);
}

Test(footprints, the_clock_and_a_thread_end_wake_the_threads_waiting_for_them) {
  sim_program *p = th_build("por_footprints.c", NULL);
  recorder *r = record(p);
  bool clock = false;
  for (int i = 0; i < r->n && !clock; i++) {
    if (r->steps[i].tid != 0) continue;
    clock = r->steps[i].n_woken == 1 && r->steps[i].woken[0] == 1;
  }
  cr_expect(clock, "Sleep(10) ends in a step of the clock that wakes the main thread");
  /* The main thread waits for each worker: the worker's end wakes it. */
  rec_step *end = step_of(r, 2, 1);
  cr_expect_eq(end->api, SIM_API_ThreadExit);
  cr_expect(end->n_woken == 1 && end->woken[0] == 1);
  rec_destroy(&r->base);
  sim_program_free(p);
}

/* The first step of thread tid that starts at the call api. */
static rec_step *step_at(recorder *r, int tid, int api) {
  for (int i = 0; i < r->n; i++)
    if (r->steps[i].tid == tid && r->steps[i].api == api) return &r->steps[i];
  cr_assert_fail("thread %d has no step at call %d", tid, api);
  return NULL;
}

/* The TLS index a step writes, other than the table of indexes in use. */
static int tls_index_written(const rec_step *st) {
  for (int i = 0; i < st->n_acc; i++) {
    uint64_t res = st->acc[i] >> 1;
    if (SIM_RES_KIND_OF(res) == SIM_RES_TLS && (st->acc[i] & 1) &&
        res != SIM_RES(SIM_RES_TLS, SIM_TLS_SLOTS))
      return (int)(res & 0xFFFF);
  }
  return -1;
}

Test(footprints, tls_values_meet_tls_free_on_their_index) {
  sim_program *p = th_build("por_tls.c", NULL);
  recorder *r = record(p);
  sort_steps(r);
  rec_step *alloc = step_at(r, 1, SIM_API_TlsAlloc);
  rec_step *release = step_at(r, 1, SIM_API_TlsFree);
  cr_expect(!alloc->global && !release->global, "TlsAlloc and TlsFree have declared footprints");
  int index = tls_index_written(alloc);
  cr_assert_geq(index, 0, "TlsAlloc writes the index it hands out");
  cr_expect_eq(tls_index_written(release), index, "TlsFree writes the index it frees");
  cr_expect_eq(access_of(alloc, SIM_RES(SIM_RES_TLS, SIM_TLS_SLOTS)), 1, "TlsAlloc writes the table");
  cr_expect_eq(access_of(release, SIM_RES(SIM_RES_TLS, SIM_TLS_SLOTS)), 1, "TlsFree writes the table");
  /* The worker's set is in the step that starts it, its get in the one
   * that starts at its InterlockedIncrement: both read the index, so both
   * meet TlsFree. */
  rec_step *set = step_of(r, 2, 0);
  rec_step *get = step_at(r, 2, SIM_API_InterlockedIncrement);
  cr_expect_eq(access_of(set, SIM_RES(SIM_RES_TLS, index)), 0, "TlsSetValue reads its index");
  cr_expect_eq(access_of(get, SIM_RES(SIM_RES_TLS, index)), 0, "TlsGetValue reads its index");
  sim_footprint f = view(release), s1 = view(set), s2 = view(get);
  cr_expect(sim__dep_dependent(&f, &s1));
  cr_expect(sim__dep_dependent(&f, &s2));
  /* Two threads' own values of one index do not meet. */
  uint64_t value_read = SIM_RES(SIM_RES_TLS, index) << 1;
  sim_footprint mine = fp(2, &value_read, 1), theirs = fp(3, &value_read, 1);
  cr_expect(!sim__dep_dependent(&mine, &theirs), "two threads' values of one index are independent");
  rec_destroy(&r->base);
  sim_program_free(p);
}

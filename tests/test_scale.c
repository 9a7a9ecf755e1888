/* Exploration cut into parts (sim/explore/explore.c, docs/scale.md): worker
 * processes (--jobs) and shards (--shard I/N) give the answer one process
 * gives; the JSON result reads back as it was written; merging the shards'
 * results gives one result; and a worker hands back a counterexample of any
 * length. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static sim_program *churn(void) {
  return th_build("por_churn_host.c", "driver.dll=../../bench/programs/churn_driver.c", NULL);
}

static void explore_with(sim_program *p, sim_explore_options *o, sim_explore_result *r) {
  struct strbuf err = {0};
  cr_assert(sim_explore(p, o, r, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
}

static sim_explore_options dfs_options(int bound, bool reduce) {
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.preemption_bound = bound;
  o.reduce = reduce;
  return o;
}

/* A shard's result, written as JSON and read back, as `loaderlab merge`
 * reads the files of a batch job. */
static void as_part(const sim_explore_options *o, const sim_explore_result *r, sim_explore_part *part) {
  struct strbuf json = {0}, err = {0};
  sim_explore_result_json(&json, o, r, "test", " --host x.c");
  cr_assert(sim_explore_part_read("shard.json", strbuf_str(&json), part, &err), "%s\n%s", strbuf_str(&err),
            strbuf_str(&json));
  strbuf_free(&json);
  strbuf_free(&err);
}

/* Explores shard by shard and merges the results. */
static void explore_shards(sim_program *p, sim_explore_options o, int n, sim_explore_part *merged) {
  sim_explore_part *parts = calloc((size_t)n, sizeof *parts);
  cr_assert(parts);
  for (int i = 0; i < n; i++) {
    o.shard_index = i + 1;
    o.shard_count = n;
    sim_explore_result r;
    explore_with(p, &o, &r);
    as_part(&o, &r, &parts[i]);
    sim_explore_result_free(&r);
  }
  struct strbuf err = {0};
  cr_assert(sim_explore_merge(parts, n, merged, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
  for (int i = 0; i < n; i++) sim_explore_part_free(&parts[i]);
  free(parts);
}

Test(scale, dfs_with_workers_runs_the_schedules_one_process_runs) {
  sim_program *p = churn();
  sim_explore_options o = dfs_options(2, false);
  /* Every schedule, once: each process's state cache would cut runs that
   * another process's search ran. */
  o.state_cache = false;
  sim_explore_result one, many;
  explore_with(p, &o, &one);
  o.jobs = 2;
  explore_with(p, &o, &many);
  cr_expect(one.exhausted && many.exhausted);
  cr_expect_eq(many.schedules_in_bound, one.schedules_in_bound);
  cr_expect_eq(many.schedules, one.schedules);
  sim_explore_result_free(&one);
  sim_explore_result_free(&many);
  sim_program_free(p);
}

Test(scale, dfs_shards_split_the_schedules_exactly) {
  sim_program *p = churn();
  sim_explore_options o = dfs_options(2, false);
  o.state_cache = false;
  sim_explore_result one;
  explore_with(p, &o, &one);
  sim_explore_part merged;
  explore_shards(p, o, 3, &merged);
  cr_expect(merged.result.exhausted, "every shard searched its part to the end");
  cr_expect_eq(merged.result.schedules, one.schedules, "the shards' schedules are one search's, once each");
  cr_expect_eq(merged.result.bound, 2);
  cr_expect(!merged.result.found);
  sim_explore_part_free(&merged);
  sim_explore_result_free(&one);
  sim_program_free(p);
}

/* With the state cache (the default), each worker and each shard keeps its
 * own: the counts depend on how the search was cut, the certificate and
 * the bug found do not. */
Test(scale, with_the_state_cache_workers_and_shards_give_one_searchs_certificate) {
  sim_program *p = churn();
  sim_explore_options o = dfs_options(2, false);
  cr_assert(o.state_cache, "the state cache is on by default");
  sim_explore_result one, many;
  explore_with(p, &o, &one);
  cr_expect_gt(one.cut, 0, "the churn host reaches states it searched already");
  o.jobs = 2;
  explore_with(p, &o, &many);
  o.jobs = 1;
  sim_explore_part merged;
  explore_shards(p, o, 3, &merged);
  cr_expect(one.exhausted && many.exhausted && merged.result.exhausted);
  cr_expect(!one.found && !many.found && !merged.result.found);
  cr_expect_eq(many.bound, 2);
  cr_expect_eq(merged.result.bound, 2);
  cr_expect_gt(merged.result.cut, 0);
  sim_explore_part_free(&merged);
  sim_explore_result_free(&one);
  sim_explore_result_free(&many);
  sim_program_free(p);
}

Test(scale, reduced_dfs_shards_give_one_searchs_certificate) {
  sim_program *p = churn();
  sim_explore_options o = dfs_options(2, true);
  sim_explore_result one;
  explore_with(p, &o, &one);
  sim_explore_part merged;
  explore_shards(p, o, 4, &merged);
  cr_expect(one.exhausted && merged.result.exhausted);
  cr_expect(merged.result.reduced);
  cr_expect(!one.found && !merged.result.found);
  cr_expect_eq(merged.result.verdicts[SIM_VERDICT_OK], merged.result.schedules);
  sim_explore_part_free(&merged);
  sim_explore_result_free(&one);
  sim_program_free(p);
}

Test(scale, shards_of_a_buggy_program_report_the_bug_one_search_reports) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  for (int reduce = 0; reduce < 2; reduce++) {
    sim_explore_options o = dfs_options(2, reduce);
    sim_explore_result one;
    explore_with(p, &o, &one);
    cr_assert(one.found);
    sim_explore_part merged;
    explore_shards(p, o, 3, &merged);
    cr_expect(merged.result.found);
    cr_expect_eq(merged.result.kind, one.kind);
    cr_expect_eq(merged.result.bug_bound, one.bug_bound, "the bug of the lowest bound");
    if (!reduce) {
      /* Without reduction the parts are the tree's subtrees in DFS order:
       * the first bug of the lowest part is the first bug of one search. */
      char *a = sim_schedule_encode(&one.bug), *b = sim_schedule_encode(&merged.result.bug);
      cr_expect_str_eq(b, a);
      free(a);
      free(b);
    }
    sim_explore_part_free(&merged);
    sim_explore_result_free(&one);
  }
  sim_program_free(p);
}

Test(scale, random_workers_and_shards_report_the_run_one_search_reports) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_RANDOM;
  o.seed = 7;
  o.schedules_max = 2000;
  o.minimize = false;
  sim_explore_result one, many;
  explore_with(p, &o, &one);
  cr_assert(one.found);
  o.jobs = 2;
  explore_with(p, &o, &many);
  cr_assert(many.found);
  cr_expect_eq(many.found_at, one.found_at, "the first buggy run of the seed, whatever the workers");
  char *a = sim_schedule_encode(&one.bug), *b = sim_schedule_encode(&many.bug);
  cr_expect_str_eq(b, a);
  o.jobs = 1;
  sim_explore_part merged;
  explore_shards(p, o, 3, &merged);
  cr_expect_eq(merged.result.bug_run + 1, one.found_at);
  char *c = sim_schedule_encode(&merged.result.bug);
  cr_expect_str_eq(c, a);
  free(a);
  free(b);
  free(c);
  sim_explore_part_free(&merged);
  sim_explore_result_free(&one);
  sim_explore_result_free(&many);
  sim_program_free(p);
}

Test(scale, a_result_reads_back_as_it_was_written) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_explore_options o = dfs_options(1, true);
  o.all = true;
  sim_explore_result r;
  explore_with(p, &o, &r);
  sim_explore_part part;
  as_part(&o, &r, &part);
  cr_expect_str_eq(part.program, "test");
  cr_expect_str_eq(part.replay_args, " --host x.c");
  cr_expect_eq(part.options.strategy, SIM_STRATEGY_DFS);
  cr_expect_eq(part.options.preemption_bound, 1);
  cr_expect(part.options.all);
  cr_expect_eq(part.result.schedules, r.schedules);
  cr_expect_eq(part.result.buggy, r.buggy);
  cr_expect_eq(part.result.reduced, r.reduced);
  for (int k = 0; k < SIM_VERDICT_COUNT; k++) cr_expect_eq(part.result.verdicts[k], r.verdicts[k]);
  cr_expect_eq(part.result.found, r.found);
  cr_expect_eq(part.result.kind, r.kind);
  char *a = sim_schedule_encode(&r.bug), *b = sim_schedule_encode(&part.result.bug);
  cr_expect_str_eq(b, a);
  free(a);
  free(b);
  sim_explore_part_free(&part);
  sim_explore_result_free(&r);
  sim_program_free(p);
}

Test(scale, merge_refuses_what_is_not_every_shard_of_one_search) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_explore_options o = dfs_options(1, false);
  sim_explore_part parts[3];
  for (int i = 0; i < 3; i++) {
    o.shard_index = i < 2 ? i + 1 : 1;
    o.shard_count = 2;
    if (i == 2) o.seed = 99; /* another search */
    sim_explore_result r;
    explore_with(p, &o, &r);
    as_part(&o, &r, &parts[i]);
    sim_explore_result_free(&r);
  }
  sim_explore_part merged;
  struct strbuf err = {0};
  cr_expect(!sim_explore_merge(parts, 1, &merged, &err), "one shard of two");
  cr_expect(strstr(strbuf_str(&err), "give every shard's result once"), "%s", strbuf_str(&err));
  strbuf_reset(&err);
  sim_explore_part twice[2] = {parts[0], parts[0]};
  cr_expect(!sim_explore_merge(twice, 2, &merged, &err), "shard 1 twice");
  strbuf_reset(&err);
  sim_explore_part mixed[2] = {parts[2], parts[1]};
  cr_expect(!sim_explore_merge(mixed, 2, &merged, &err), "shards of two searches");
  cr_expect(strstr(strbuf_str(&err), "seed"), "%s", strbuf_str(&err));
  strbuf_reset(&err);
  cr_expect(sim_explore_merge(parts, 2, &merged, &err), "%s", strbuf_str(&err));
  sim_explore_part_free(&merged);
  strbuf_free(&err);
  struct strbuf e2 = {0};
  sim_explore_part bad;
  cr_expect(!sim_explore_part_read("x.json", "{\"format\": \"something else\"}", &bad, &e2));
  cr_expect(strstr(strbuf_str(&e2), "x.json"), "%s", strbuf_str(&e2));
  strbuf_free(&e2);
  for (int i = 0; i < 3; i++) sim_explore_part_free(&parts[i]);
  sim_program_free(p);
}

/* A worker used to answer with one line that the parent read 65,535 bytes
 * of, so a longer counterexample hung the search (and later workers kept
 * earlier workers' pipes open).  A hang fails the test by its timeout. */
Test(scale, a_worker_hands_back_a_counterexample_longer_than_64_kib, .timeout = 300) {
  sim_program *p = th_build("scale_long_schedule.c", NULL);
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_RANDOM;
  o.schedules_max = 4;
  o.jobs = 2;
  o.minimize = false;
  sim_explore_result r;
  explore_with(p, &o, &r);
  cr_assert(r.found);
  cr_expect_eq(r.kind, SIM_VERDICT_ASSERTION);
  char *enc = sim_schedule_encode(&r.bug);
  cr_expect_gt(strlen(enc), 65536, "the counterexample is %zu bytes", strlen(enc));
  sim_result res;
  sim_result_init(&res);
  sim_replay(p, &o.run, &r.bug, &res);
  cr_expect_eq(res.verdict.kind, SIM_VERDICT_ASSERTION, "it replays to its verdict");
  free(enc);
  sim_result_free(&res);
  sim_explore_result_free(&r);
  sim_program_free(p);
}

/* Specification of determinism and replay: a run is a pure function of the
 * program and the schedule, so replaying a schedule reproduces output,
 * trace and verdict byte for byte, and 1,000 random schedules run twice
 * give the same traces; a replay of an edited program names the first step
 * that no longer fits; the schedule encoding round-trips and rejects
 * malformed text with an explanation. */
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* Everything a run shows a person or a tool, as one string (malloc'd). */
static char *fingerprint(const sim_result *r) {
  struct strbuf b = {0};
  char *schedule = sim_schedule_encode(&r->schedule);
  strbuf_printf(&b, "verdict %s step %llu thread %d\nmessage %s\ndetails %s\n",
                sim_verdict_id(r->verdict.kind), (unsigned long long)r->verdict.step, r->verdict.tid,
                r->verdict.message ? r->verdict.message : "", r->verdict.details ? r->verdict.details : "");
  strbuf_printf(&b, "steps %llu time %llu preemptions %d exit %d exited %d\nschedule %s\n",
                (unsigned long long)r->steps, (unsigned long long)r->time_ms, r->preemptions,
                r->exit_code, r->exited, schedule);
  strbuf_printf(&b, "stdout\n%s\nstderr\n%s\nwarnings\n%s\nresources\n%s\n", strbuf_str(&r->out),
                strbuf_str(&r->err), strbuf_str(&r->warnings), strbuf_str(&r->resources));
  sim_report_trace_text(&b, r);
  sim_report_trace_json(&b, r, "replay_racy.c", schedule);
  free(schedule);
  return strbuf_take(&b);
}

Test(replay, replay_reproduces_trace_bytes) {
  sim_program *p = th_build("replay_racy.c", NULL);
  int buggy = 0;
  for (uint64_t seed = 1; seed <= 30; seed++) {
    sim_result found, again;
    th_run_random(p, seed, &found);
    char *schedule = sim_schedule_encode(&found.schedule);
    th_replay(p, schedule, &again);
    char *a = fingerprint(&found), *b = fingerprint(&again);
    cr_expect_str_eq(b, a, "seed %llu: the replay of %s differs from the run it recorded",
                     (unsigned long long)seed, schedule);
    buggy += sim_verdict_is_bug(found.verdict.kind);
    free(a);
    free(b);
    free(schedule);
    sim_result_free(&found);
    sim_result_free(&again);
  }
  /* Both kinds of run must have been replayed for the test to mean much. */
  cr_expect(buggy > 0 && buggy < 30, "%d of 30 random runs were buggy", buggy);
  sim_program_free(p);
}

Test(replay, replay_of_an_explored_bug_reproduces_its_verdict_and_trace) {
  sim_program *p = th_build("replay_racy.c", NULL);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_RANDOM, 0, 1000, &e);
  cr_assert(e.found, "random exploration finds the lost update");
  sim_result first, second;
  th_replay_found(p, &e, &first);
  th_expect_verdict(&first, e.kind);
  char *schedule = sim_schedule_encode(&first.schedule);
  th_replay(p, schedule, &second);
  char *a = fingerprint(&first), *b = fingerprint(&second);
  cr_expect_str_eq(b, a);
  free(a);
  free(b);
  free(schedule);
  sim_result_free(&first);
  sim_result_free(&second);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(replay, thousand_random_schedules_run_twice_give_identical_traces, .timeout = 300) {
  enum { RUNS = 1000 };
  sim_program *p = th_build("replay_racy.c", NULL);
  char **traces = calloc(RUNS, sizeof *traces);
  int verdicts[SIM_VERDICT_COUNT] = {0};
  for (int pass = 0; pass < 2; pass++) {
    for (uint64_t i = 0; i < RUNS; i++) {
      sim_result r;
      th_run_random(p, i + 1, &r);
      char *f = fingerprint(&r);
      if (pass == 0) {
        traces[i] = f;
        verdicts[r.verdict.kind]++;
      } else {
        /* cr_assert: one report is enough, and the rest would repeat it. */
        cr_assert_str_eq(f, traces[i], "seed %llu ran differently the second time",
                         (unsigned long long)(i + 1));
        free(f);
      }
      sim_result_free(&r);
    }
  }
  cr_expect(verdicts[SIM_VERDICT_OK] > 0 && verdicts[SIM_VERDICT_ASSERTION] > 0,
            "the racy program should both pass and fail among 1,000 schedules (%d ok, %d failed)",
            verdicts[SIM_VERDICT_OK], verdicts[SIM_VERDICT_ASSERTION]);
  for (int i = 0; i < RUNS; i++) free(traces[i]);
  free(traces);
  sim_program_free(p);
}

/* A random run of p whose schedule has a choice picking a thread at `api`;
 * returns that choice's index. */
static int run_with_choice_at(sim_program *p, int api, sim_phase phase, bool must_pass,
                              sim_result *r) {
  for (uint64_t seed = 1; seed <= 500; seed++) {
    th_run_random(p, seed, r);
    if (!must_pass || r->verdict.kind == SIM_VERDICT_OK)
      for (int i = 0; i < r->schedule.n; i++)
        if (r->schedule.choices[i].api == api && r->schedule.choices[i].phase == phase) return i;
    sim_result_free(r);
  }
  cr_assert_fail("no random schedule picks a thread at %s", sim_api_name(api));
  return -1;
}

Test(replay, replaying_an_edited_program_reports_the_first_diverging_step) {
  sim_program *original = th_build("replay_racy.c", NULL);
  sim_program *edited = th_build("replay_racy_edited.c", NULL);
  sim_result recorded, r;
  int at = run_with_choice_at(original, SIM_API_InterlockedIncrement, SIM_PHASE_CALL, false, &recorded);
  const sim_choice *c = &recorded.schedule.choices[at];
  char *schedule = sim_schedule_encode(&recorded.schedule);
  th_replay(edited, schedule, &r);
  th_expect_verdict(&r, SIM_VERDICT_DIVERGED);
  char expected[256];
  snprintf(expected, sizeof expected,
           "the schedule expects thread %d at InterlockedIncrement, but thread %d is at "
           "InterlockedExchangeAdd",
           c->tid, c->tid);
  cr_expect_str_eq(th_message(&r), expected, "schedule %s", schedule);
  cr_expect_eq(r.verdict.step, c->step);
  /* A divergence says the schedule is stale; it is not a bug of the program. */
  cr_expect(!sim_verdict_is_bug(r.verdict.kind));
  free(schedule);
  sim_result_free(&r);
  sim_result_free(&recorded);
  sim_program_free(edited);
  sim_program_free(original);
}

Test(replay, replaying_an_edited_program_that_still_fits_every_choice_reports_the_changed_length) {
  sim_program *original = th_build("replay_racy.c", NULL);
  sim_program *longer = th_build("replay_racy_longer.c", NULL);
  sim_result recorded, r;
  run_with_choice_at(original, SIM_API_InterlockedIncrement, SIM_PHASE_CALL, true, &recorded);
  char *schedule = sim_schedule_encode(&recorded.schedule);
  th_replay(longer, schedule, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  struct strbuf err = {0};
  cr_expect(!sim_schedule_check_end(&recorded.schedule, &r, &err), "the edit must be noticed");
  char expected[200];
  snprintf(expected, sizeof expected, "the run ended after %llu steps, but the schedule recorded %llu",
           (unsigned long long)recorded.steps + 1, (unsigned long long)recorded.steps);
  cr_expect(strstr(strbuf_str(&err), expected), "message: %s", strbuf_str(&err));
  /* The unedited program fits. */
  sim_result same;
  th_replay(original, schedule, &same);
  strbuf_reset(&err);
  cr_expect(sim_schedule_check_end(&recorded.schedule, &same, &err), "%s", strbuf_str(&err));
  strbuf_free(&err);
  free(schedule);
  sim_result_free(&same);
  sim_result_free(&r);
  sim_result_free(&recorded);
  sim_program_free(longer);
  sim_program_free(original);
}

Test(replay, schedule_encoding_is_versioned_and_labels_each_choice) {
  sim_choice choices[] = {{17, 2, 25, SIM_PHASE_CALL}, {40, 1, 59, SIM_PHASE_RETURN},
                          {41, 3, 0, SIM_PHASE_START}, {50, 3, 30, SIM_PHASE_RETRY}};
  sim_schedule s = {.version = 1, .steps = 212, .hash = 0x9f3c01ab, .n = 4, .cap = 4,
                    .choices = choices, .has_end = true};
  char *text = sim_schedule_encode(&s);
  cr_expect_str_eq(text, "1.212.9f3c01ab.17t2a25c.40t1a59r.41t3a0s.50t3a30y");
  free(text);
}

static void expect_same_schedule(const sim_schedule *a, const sim_schedule *b) {
  cr_expect_eq(a->version, b->version);
  cr_expect_eq(a->steps, b->steps);
  cr_expect_eq(a->hash, b->hash);
  cr_assert_eq(a->n, b->n);
  for (int i = 0; i < a->n; i++) {
    cr_expect_eq(a->choices[i].step, b->choices[i].step);
    cr_expect_eq(a->choices[i].tid, b->choices[i].tid);
    cr_expect_eq(a->choices[i].api, b->choices[i].api);
    cr_expect_eq(a->choices[i].phase, b->choices[i].phase);
  }
}

Test(replay, schedule_encoding_round_trips) {
  sim_program *p = th_build("replay_racy.c", NULL);
  for (uint64_t seed = 1; seed <= 20; seed++) {
    sim_result r;
    th_run_random(p, seed, &r);
    char *text = sim_schedule_encode(&r.schedule);
    sim_schedule back;
    struct strbuf err = {0};
    cr_assert(sim_schedule_decode(text, &back, &err), "%s: %s", text, strbuf_str(&err));
    expect_same_schedule(&r.schedule, &back);
    char *again = sim_schedule_encode(&back);
    cr_expect_str_eq(again, text);
    free(again);
    free(text);
    sim_schedule_free(&back);
    strbuf_free(&err);
    sim_result_free(&r);
  }
  sim_program_free(p);
}

Test(replay, malformed_schedules_are_rejected_with_an_explanation) {
  static const struct {
    const char *text, *explanation;
  } bad[] = {
      {"", "expected the version number"},
      {"x", "expected the version number"},
      {"2.10.00000000", "has version 2; this loaderlab reads version 1"},
      {"1", "expected '.' after the version"},
      {"1.", "expected the number of steps"},
      {"1.10", "expected '.' after the number of steps"},
      {"1.10.abc", "expected an 8-digit hexadecimal hash"},
      {"1.10.0000000g", "expected an 8-digit hexadecimal hash"},
      {"1.10.00000000x", "expected '.' before a choice"},
      {"1.10.00000000.", "expected a step number"},
      {"1.10.00000000.0t2a1c", "expected a step number"},
      {"1.10.00000000.5", "expected 't' and a thread number"},
      {"1.10.00000000.5t0a1c", "expected a thread number"},
      {"1.10.00000000.5t2", "expected 'a' and a call number"},
      {"1.10.00000000.5t2a99999c", "expected a known call number"},
      {"1.10.00000000.5t2a1q", "expected a phase letter (s, c, r or y)"},
      {"1.10.00000000.5t2a1c.3t2a1c", "steps of choices must increase"},
      {"1.10.00000000.5t2a1c.5t3a1c", "steps of choices must increase"},
      {"1.10.00000000.20t2a1c", "a choice lies beyond the last step"},
      {"99999999999999999999999.1.00000000", "expected the version number"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    sim_schedule s;
    struct strbuf err = {0};
    cr_expect(!sim_schedule_decode(bad[i].text, &s, &err), "\"%s\" was accepted", bad[i].text);
    cr_expect(strstr(strbuf_str(&err), bad[i].explanation), "\"%s\": expected \"%s\" in \"%s\"",
              bad[i].text, bad[i].explanation, strbuf_str(&err));
    strbuf_free(&err);
  }
}

Test(replay, replay_continues_with_a_strategy_after_the_recorded_prefix) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_explore_result found;
  th_explore(p, SIM_STRATEGY_DFS, 1, 0, &found);
  cr_assert(found.found && found.bug.n >= 1);
  /* Replay the found schedule as a prefix (only its choices, not its end),
   * then search without preemptions: the search alone cannot find the lost
   * update (test_strategies), so finding it proves the prefix was followed. */
  sim_schedule prefix;
  sim_schedule_copy(&prefix, &found.bug);
  prefix.has_end = false;
  sim_explore_options o;
  sim_explore_options_default(&o);
  o.strategy = SIM_STRATEGY_DFS;
  o.preemption_bound = 0;
  o.prefix = &prefix;
  sim_explore_result e;
  th_explore_with(p, &o, &e);
  cr_expect(e.found && e.kind == SIM_VERDICT_ASSERTION, "the prefix leads into the lost update");
  cr_expect_eq(e.found_at, 1);
  sim_explore_result_free(&e);
  sim_schedule_free(&prefix);
  sim_explore_result_free(&found);
  sim_program_free(p);
}

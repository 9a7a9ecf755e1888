/* Unit tests of the explore layer: the schedule codec (a schedule is what
 * a student copies from one terminal to another, so every malformed one
 * must be refused with the place it went wrong, and every valid one must
 * survive the round trip) and the seedable generator the strategies use. */
#include <string.h>

#include "explore.h"
#include "harness.h"

static void expect_refused(const char *text, const char *why) {
  sim_schedule s;
  struct strbuf err = {0};
  cr_expect_not(sim_schedule_decode(text, &s, &err), "\"%s\" was accepted", text);
  cr_expect(strstr(strbuf_str(&err), why), "\"%s\": %s", text, strbuf_str(&err));
  cr_expect_null(s.choices, "nothing is left allocated");
  strbuf_free(&err);
}

Test(schedule_codec, a_schedule_survives_the_round_trip) {
  uint64_t rng = 42;
  for (int round = 0; round < 200; round++) {
    sim_schedule s = {.version = 1, .hash = (uint32_t)sim__rng_next(&rng), .has_end = true};
    int n = (int)sim__rng_below(&rng, 20);
    uint64_t step = 0;
    s.choices = calloc((size_t)n + 1, sizeof *s.choices);
    s.cap = n + 1;
    for (int i = 0; i < n; i++) {
      step += 1 + sim__rng_below(&rng, 1000);
      s.choices[s.n++] = (sim_choice){step, 1 + (int)sim__rng_below(&rng, 64),
                                      (int)sim__rng_below(&rng, SIM_API_COUNT),
                                      (sim_phase)(1 + sim__rng_below(&rng, 4))};
    }
    s.steps = step + sim__rng_below(&rng, 5);
    char *text = sim_schedule_encode(&s);
    sim_schedule back;
    struct strbuf err = {0};
    cr_assert(sim_schedule_decode(text, &back, &err), "%s: %s", text, strbuf_str(&err));
    cr_expect_eq(back.version, 1);
    cr_expect_eq(back.steps, s.steps);
    cr_expect_eq(back.hash, s.hash, "%s", text);
    cr_expect(back.has_end);
    cr_assert_eq(back.n, s.n, "%s", text);
    for (int i = 0; i < s.n; i++) {
      cr_expect_eq(back.choices[i].step, s.choices[i].step);
      cr_expect_eq(back.choices[i].tid, s.choices[i].tid);
      cr_expect_eq(back.choices[i].api, s.choices[i].api);
      cr_expect_eq(back.choices[i].phase, s.choices[i].phase);
    }
    char *again = sim_schedule_encode(&back);
    cr_expect_str_eq(again, text, "encoding is a function of the schedule");
    free(again);
    free(text);
    sim_schedule_free(&back);
    sim_schedule_free(&s);
    strbuf_free(&err);
  }
}

Test(schedule_codec, the_documented_example_decodes) {
  sim_schedule s;
  struct strbuf err = {0};
  cr_assert(sim_schedule_decode("1.24.93beaad1.6t2a0s.10t3a0s.24t3a76r", &s, &err), "%s",
            strbuf_str(&err));
  cr_expect_eq(s.steps, 24);
  cr_expect_eq(s.hash, 0x93beaad1u);
  cr_assert_eq(s.n, 3);
  cr_expect_eq(s.choices[2].step, 24);
  cr_expect_eq(s.choices[2].tid, 3);
  cr_expect_eq(s.choices[2].api, SIM_API_GetQueuedCompletionStatusEx);
  cr_expect_eq(s.choices[2].phase, SIM_PHASE_RETURN);
  sim_schedule_free(&s);
  strbuf_free(&err);
}

Test(schedule_codec, malformed_schedules_are_refused_with_the_place) {
  expect_refused("", "expected the version number at character 1");
  expect_refused("2.5.00000000", "has version 2; this loaderlab reads version 1");
  expect_refused("1", "expected '.' after the version at character 2");
  expect_refused("1.x", "expected the number of steps at character 3");
  expect_refused("1.5.1234567", "expected an 8-digit hexadecimal hash");
  expect_refused("1.5.123456789", "expected an 8-digit hexadecimal hash");
  expect_refused("1.5.+1234567", "expected an 8-digit hexadecimal hash");
  expect_refused("1.5.0x123456", "expected an 8-digit hexadecimal hash");
  expect_refused("1.5. 1234567", "expected an 8-digit hexadecimal hash");
  expect_refused("1.5.0000000g", "expected an 8-digit hexadecimal hash");
  expect_refused("1.5.00000000x", "expected '.' before a choice");
  expect_refused("1.5.00000000.0t1a0s", "expected a step number");
  expect_refused("1.5.00000000.3t1a0s.3t2a0s", "steps of choices must increase");
  expect_refused("1.5.00000000.3x1a0s", "expected 't' and a thread number");
  expect_refused("1.5.00000000.3t0a0s", "expected a thread number");
  expect_refused("1.5.00000000.3t1b0s", "expected 'a' and a call number");
  expect_refused("1.5.00000000.3t1a9999s", "expected a known call number");
  expect_refused("1.5.00000000.3t1a0q", "expected a phase letter (s, c, r or y) at character 19");
  expect_refused("1.5.00000000.3t1a0", "expected a phase letter");
  expect_refused("1.5.00000000.6t1a0s", "a choice lies beyond the last step");
  expect_refused("1.99999999999999999999.00000000", "expected the number of steps");
}

Test(schedule_codec, the_end_of_a_replay_is_checked_against_the_record) {
  sim_schedule recorded = {.version = 1, .steps = 10, .hash = 0xabcdef01u, .has_end = true};
  sim_result run;
  sim_result_init(&run);
  run.schedule.steps = 10;
  run.schedule.hash = 0xabcdef01u;
  struct strbuf err = {0};
  cr_expect(sim_schedule_check_end(&recorded, &run, &err));
  run.schedule.steps = 11;
  cr_expect_not(sim_schedule_check_end(&recorded, &run, &err));
  cr_expect(strstr(strbuf_str(&err), "ended after 11 steps, but the schedule recorded 10"), "%s",
            strbuf_str(&err));
  strbuf_reset(&err);
  run.schedule.steps = 10;
  run.schedule.hash = 1;
  cr_expect_not(sim_schedule_check_end(&recorded, &run, &err));
  cr_expect(strstr(strbuf_str(&err), "hash 00000001, recorded abcdef01"), "%s", strbuf_str(&err));
  recorded.has_end = false;
  cr_expect(sim_schedule_check_end(&recorded, &run, &err), "a schedule without an end checks nothing");
  strbuf_free(&err);
}

Test(schedule_codec, a_copy_owns_its_choices) {
  sim_schedule s;
  struct strbuf err = {0};
  cr_assert(sim_schedule_decode("1.9.00000001.2t2a3c.5t1a25y", &s, &err));
  sim_schedule copy;
  sim_schedule_copy(&copy, &s);
  sim_schedule_free(&s);
  cr_assert_eq(copy.n, 2);
  cr_expect_eq(copy.choices[1].phase, SIM_PHASE_RETRY);
  sim_schedule_free(&copy);
  strbuf_free(&err);
}

Test(rng, a_seed_gives_the_same_numbers_and_below_stays_below) {
  uint64_t a = 7, b = 7, c = 8;
  bool differ = false;
  for (int i = 0; i < 1000; i++) {
    uint64_t x = sim__rng_next(&a);
    cr_assert_eq(x, sim__rng_next(&b));
    if (x != sim__rng_next(&c)) differ = true;
    cr_assert_lt(sim__rng_below(&a, 13), 13);
    sim__rng_below(&b, 13);
    sim__rng_below(&c, 13);
  }
  cr_expect(differ, "another seed gives other numbers");
  cr_expect_eq(sim__rng_below(&a, 0), 0);
}

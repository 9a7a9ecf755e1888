/* A helper shared by the completion-port and pipe suites: run a test
 * program in the default schedule and compare what it printed.  That a
 * rule holds in every schedule is th_expect_every_schedule_ok's to check
 * (harness.h): the test programs state their rules with assert(), so a
 * schedule that breaks one ends in an assertion-failure verdict. */
#ifndef TESTS_PORTS_HELPERS_H
#define TESTS_PORTS_HELPERS_H

#include <stdlib.h>

#include "harness.h"

/* Runs p once in the default schedule and expects it to end well having
 * printed exactly `expected`. */
static inline void ph_expect_output(sim_program *p, const char *expected) {
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), expected, "the program printed something else; its trace:\n%s",
                   th_trace(&r));
  sim_result_free(&r);
}

#endif

/* Helpers for the Criterion suites: build a test program, run it under a
 * schedule or a strategy, and look at what happened.
 *
 * Test programs live in tests/programs/ (host and DLL sources) or in
 * scenario folders under tests/scenarios/.  They are compiled once per
 * process and cached in the build tree, like `loaderlab` does. */
#ifndef TESTS_HARNESS_H
#define TESTS_HARNESS_H

#include <criterion/criterion.h>

#include "loaderlab.h"

/* Builds tests/programs/<host> (or host itself, an absolute path) with
 * DLLs given as "NAME.dll=FILE.c" (files under tests/programs/),
 * NULL-terminated.  Fails the test on a build error. */
sim_program *th_build(const char *host, ...);
/* Builds a scenario folder (relative to tests/ or absolute). */
sim_program *th_scenario(const char *dir);
/* Builds a scenario with its student DLL replaced by file (relative to the
 * scenario folder). */
sim_program *th_scenario_with(const char *dir, const char *student_file);

/* Every scenario of every exercise numbered from..to
 * (exercises/NN-name/scenarios/), built with the exercise's buggy DLL
 * (solution "") and with each C file of its solution folder
 * (solutions/NN-name/: the reference fix and the wrong-*.c fixes): calls
 * fn with the program, a name for messages and the solution file, and
 * frees the program after.  Returns how many programs it built. */
int th_each_exercise_program(int from, int to,
                             void (*fn)(sim_program *p, const char *name, const char *solution, void *ctx),
                             void *ctx);

/* Runs once with the default schedule, tracing on. */
void th_run(sim_program *p, sim_result *r);
/* Runs once with the random strategy and this seed, tracing on. */
void th_run_random(sim_program *p, uint64_t seed, sim_result *r);
/* Replays an encoded schedule strictly, tracing on. */
void th_replay(sim_program *p, const char *schedule, sim_result *r);
/* Explores; out must be freed with sim_explore_result_free. */
void th_explore(sim_program *p, sim_strategy_kind kind, int bound_or_depth, uint64_t schedules,
                sim_explore_result *out);

/* The text trace of a result (static buffer, valid until the next call). */
const char *th_trace(const sim_result *r);
/* Whether the text trace contains needle. */
bool th_trace_has(const sim_result *r, const char *needle);
/* The program's stdout. */
const char *th_stdout(const sim_result *r);

/* ---- Added for the simulator-core suites --------------------------------- */

/* Runs once with the default schedule under the given options (tracing is
 * forced on, so a failure can show the trace). */
void th_run_with(sim_program *p, const sim_options *o, sim_result *r);
/* Explores with fully specified options; out must be freed. */
void th_explore_with(sim_program *p, const sim_explore_options *o, sim_explore_result *out);
/* The one check of "in every schedule": exhausts every schedule with at
 * most `bound` preemptions (depth-first) and fails the test if any of them
 * ends in a bug, showing the counterexample's trace replayed under the
 * same options; if the search did not run to the end; or if it ran fewer
 * than `schedules_min` schedules.  That last is the strictness a caller
 * states: 2 at least, since one schedule says nothing about interleavings,
 * and more where a rule needs a certain amount of interleaving to have
 * been tried (a test whose program stopped interleaving would otherwise
 * pass while checking nothing).  run: the run options (the unload policy,
 * say), or NULL for the defaults. */
void th_expect_every_schedule_ok(sim_program *p, int bound, uint64_t schedules_min,
                                 const sim_options *run);
/* The step of the first traced event whose text contains `needle`
 * ("LoadLibraryA(\"a.dll\")", "FreeLibrary(leaky.dll)"), or 0 if there is
 * none: for tests that date a verdict by the call it follows rather than
 * by a step number, which moves whenever a scheduling point is added. */
uint64_t th_step_of(const sim_result *r, const char *needle);
/* Replays the bug an exploration found (strictly, with a trace). */
void th_replay_found(sim_program *p, const sim_explore_result *e, sim_result *r);
/* The encoded schedule of a result (static buffer, valid until the next call). */
const char *th_schedule(const sim_result *r);
/* The program's stderr, the misuse warnings, and the resource report. */
const char *th_stderr(const sim_result *r);
const char *th_warnings(const sim_result *r);
const char *th_resources(const sim_result *r);
/* The verdict's message and details, "" when absent. */
const char *th_message(const sim_result *r);
const char *th_details(const sim_result *r);

#define th_expect_verdict(r, k)                                                               \
  cr_expect_eq((r)->verdict.kind, (k), "expected verdict %s, got %s: %s\n%s",                 \
               sim_verdict_name(k), sim_verdict_name((r)->verdict.kind),                        \
               (r)->verdict.message ? (r)->verdict.message : "", th_trace(r))

#endif

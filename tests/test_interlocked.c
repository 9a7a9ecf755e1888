/* Specification of the Interlocked functions: each returns what Windows
 * documents, each is a scheduling point of its own, so a read-modify-write
 * split around one loses updates in some schedule, while InterlockedIncrement
 * never does. */
#include <string.h>

#include "harness.h"

Test(interlocked, interlocked_functions_return_the_documented_values) {
  sim_program *p = th_build("interlocked_values.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "Increment: 6, x 6\n"
                   "Decrement: 5, x 5\n"
                   "Exchange 10: 5, x 10\n"
                   "ExchangeAdd 3: 10, x 13\n"
                   "CompareExchange 20 if 99: 13, x 13\n"
                   "CompareExchange 20 if 13: 13, x 20\n"
                   "And 6: 20, x 4\n"
                   "Or 1: 4, x 5\n"
                   "ExchangePointer: old is a 1, now b 1\n"
                   "CompareExchangePointer a if a: old is b 1, still b 1\n"
                   "CompareExchangePointer a if b: old is b 1, now a 1\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(interlocked, every_interlocked_call_is_a_scheduling_point) {
  static const int apis[] = {
      SIM_API_InterlockedIncrement,         SIM_API_InterlockedDecrement,
      SIM_API_InterlockedExchange,          SIM_API_InterlockedExchangeAdd,
      SIM_API_InterlockedCompareExchange,   SIM_API_InterlockedAnd,
      SIM_API_InterlockedOr,                SIM_API_InterlockedExchangePointer,
      SIM_API_InterlockedCompareExchangePointer,
  };
  sim_program *p = th_build("interlocked_values.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  /* A scheduling point is a step: every call must be traced at a step no
   * other Interlocked call shares. */
  uint64_t last_step = 0;
  int calls = 0;
  for (int i = 0; i < r.n_events; i++) {
    const sim_event *e = &r.events[i];
    bool interlocked = false;
    for (size_t k = 0; k < sizeof apis / sizeof apis[0]; k++) interlocked |= e->api == apis[k];
    if (!interlocked) continue;
    cr_expect_gt(e->step, last_step, "%s shares step %llu with the previous Interlocked call",
                 e->what, (unsigned long long)e->step);
    last_step = e->step;
    calls++;
  }
  cr_expect_eq(calls, 11, "expected 11 traced Interlocked calls, saw %d:\n%s", calls, th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(interlocked, a_non_atomic_increment_loses_updates_in_some_schedule) {
  sim_program *p = th_build("interlocked_racy.c", NULL);
  sim_result r;
  th_run(p, &r);
  /* The default schedule runs each worker to the end alone: no loss. */
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 1, 0, &e);
  cr_expect(e.found, "some schedule must lose an update");
  cr_expect_eq(e.kind, SIM_VERDICT_ASSERTION, "verdict %s", sim_verdict_name(e.kind));
  th_replay_found(p, &e, &r);
  cr_expect_str_eq(th_stdout(&r), "counter 1\n");
  sim_result_free(&r);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(interlocked, interlocked_increment_never_loses_an_update_under_dfs) {
  sim_program *p = th_build("interlocked_atomic.c", NULL);
  th_expect_every_schedule_ok(p, 3, 2, NULL);
  sim_program_free(p);
}

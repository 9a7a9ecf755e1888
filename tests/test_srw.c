/* Specification of slim reader/writer locks: shared holders coexist, an
 * exclusive holder is alone, Try* report what is possible, the lock is not
 * recursive (taking it twice deadlocks the thread), a waiting writer goes
 * before new readers, and releasing a lock that is not held is a crash, as
 * Windows raises an exception for it. */
#include <string.h>

#include "harness.h"

Test(srw, shared_holders_hold_the_lock_together) {
  sim_program *p = th_build("srw_shared_together.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(srw, exclusive_holder_excludes_writers_and_readers_in_every_schedule) {
  sim_program *p = th_build("srw_exclusion.c", NULL);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(srw, try_acquire_succeeds_exactly_when_the_mode_allows_it) {
  sim_program *p = th_build("srw_modes.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "held exclusively: shared FALSE, exclusive FALSE\n"
                   "held shared: shared TRUE, exclusive FALSE\n"
                   "free: shared TRUE, exclusive TRUE\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(srw, acquiring_an_srw_lock_twice_exclusively_deadlocks_the_thread) {
  sim_program *p = th_build("srw_recursive.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect_str_eq(th_message(&r), "thread 1 (main) waits for itself");
  cr_expect(strstr(th_details(&r), "holds SRW lock g_lock (host.exe)"), "details: %s", th_details(&r));
  cr_expect(strstr(th_warnings(&r), "SRW locks are not recursive"), "warnings: %s", th_warnings(&r));
  cr_expect_str_eq(th_stdout(&r), "");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(srw, releasing_an_srw_lock_that_is_not_held_is_a_crash) {
  sim_program *p = th_build("srw_release_unheld.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_CRASH);
  cr_expect(strstr(th_message(&r), "ReleaseSRWLockExclusive(SRW lock g_lock (host.exe))"),
            "message: %s", th_message(&r));
  cr_expect(strstr(th_message(&r), "STATUS_RESOURCE_NOT_OWNED"), "message: %s", th_message(&r));
  cr_expect_eq(r.verdict.tid, 1);
  cr_expect_str_eq(th_stdout(&r), "");
  sim_result_free(&r);
  sim_program_free(p);
}

/* A writer that waits keeps new readers out, the thread that already holds
 * the lock shared included.  Microsoft's documentation does not promise an
 * order ("SRW locks are neither fair nor FIFO") but warns that acquiring
 * shared mode recursively can deadlock when combined with an exclusive
 * acquisition, which only happens because of this rule; Wine's
 * implementation (dlls/ntdll/sync.c, exclusive_waiters) and the probe
 * srw-writer-waits under Wine agree. */
Test(srw, a_waiting_writer_goes_before_new_readers) {
  sim_program *p = th_build("srw_writer_first.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "main: TryAcquireSRWLockShared while the writer waits: FALSE\n"
                   "writer: has the lock\n"
                   "reader: has the lock\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(srw, exhaustive_search_finds_the_recursive_shared_acquisition_deadlock) {
  sim_program *p = th_build("srw_recursive_shared.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK); /* the default schedule is fine */
  cr_expect(strstr(th_warnings(&r), "already holds shared"), "warnings: %s", th_warnings(&r));
  sim_result_free(&r);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 2, 0, &e);
  cr_assert(e.found && e.kind == SIM_VERDICT_DEADLOCK, "DFS within 2 preemptions must find it");
  th_replay_found(p, &e, &r);
  th_expect_verdict(&r, SIM_VERDICT_DEADLOCK);
  cr_expect_str_eq(th_message(&r), "2 threads wait for each other in a cycle");
  cr_expect(strstr(th_details(&r), "a waiting writer goes before new readers"), "details: %s",
            th_details(&r));
  sim_result_free(&r);
  sim_explore_result_free(&e);
  sim_program_free(p);
}

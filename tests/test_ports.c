/* The completion port model (docs/design.md, "Completion port model"), one test
 * per rule: packet and waiter order, the batch and blocking forms of
 * GetQueuedCompletionStatusEx, timeouts on virtual time, closing a port,
 * the concurrency value as Windows enforces it, and failed I/O packets.
 *
 * Each rule is checked in the default schedule, where the test compares
 * what the program printed, and, where threads interleave, in every
 * schedule within a small preemption bound, where the program's own
 * asserts state the rule.  Programs order their threads with Sleep:
 * virtual time only passes when no thread can run, so after a Sleep every
 * other thread has gone as far as it can (blocked in the port, say). */
#include "ports_helpers.h"

#include <malloc.h>
#ifdef __SANITIZE_ADDRESS__
/* ASan's runtime has it; gcc ships no header that declares it. */
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

Test(ports, port_waiters_are_lifo_packets_fifo) {
  sim_program *p = th_build("ports_lifo_fifo.c", NULL);
  ph_expect_output(p,
                   "waiter 1 (blocked first) got key 3\n"
                   "waiter 2 (blocked second) got key 2\n"
                   "waiter 3 (blocked last) got key 1\n");
  th_expect_every_schedule_ok(p, 2, 50, NULL);
  sim_program_free(p);
}

Test(ports, gqcsex_batch_takes_available_without_blocking) {
  /* One thread, so the default schedule is the only interesting one: the
   * worker it starts runs only if the main thread blocks. */
  sim_program *p = th_build("ports_gqcsex_batch.c", NULL);
  ph_expect_output(p,
                   "count 5: 5 packets, keys 1 2 3 4 5\n"
                   "blocked: no\n"
                   "count 3: 3 packets, keys 6 7 8\n"
                   "count 8: 2 packets, keys 9 10\n"
                   "blocked: no\n");
  sim_program_free(p);
}

Test(ports, gqcsex_blocks_for_exactly_one) {
  sim_program *p = th_build("ports_gqcsex_blocked_one.c", NULL);
  ph_expect_output(p,
                   "blocked call, room for 8, 3 posted: 1 packet (key 1)\n"
                   "next call: 2 packets (keys 2 3)\n");
  th_expect_every_schedule_ok(p, 2, 10, NULL);
  sim_program_free(p);
}

/* Bytes of the simulator's own heap in use now (ASan's allocator in the
 * ASan build, glibc's main arena otherwise: the tests and their fibers run
 * on the main thread). */
static size_t heap_bytes_in_use(void) {
#ifdef __SANITIZE_ADDRESS__
  return __sanitizer_get_current_allocated_bytes();
#else
  return mallinfo2().uordblks;
#endif
}

Test(ports, a_run_ended_while_waiting_in_gqcsex_leaves_no_memory_behind) {
  /* The call's packets once came from malloc and were freed on its way
   * out, which a thread whose process ends in the wait never takes: the
   * soak bench grew by about 6 bytes a run, and this test by 32 bytes a
   * run.  A run keeps nothing now, so 300 more runs use no more of the heap
   * than the first 20 left in use. */
  sim_program *p = th_build("ports_gqcsex_exit_while_waiting.c", NULL);
  sim_result r;
  /* The first runs grow what every run reuses (the arena, the trace). */
  for (int i = 0; i < 20; i++) {
    th_run(p, &r);
    cr_assert_eq(r.verdict.kind, SIM_VERDICT_OK, "%s", r.verdict.message);
    sim_result_free(&r);
  }
  size_t before = heap_bytes_in_use();
  for (int i = 0; i < 300; i++) {
    th_run(p, &r);
    cr_assert_eq(r.verdict.kind, SIM_VERDICT_OK, "%s", r.verdict.message);
    sim_result_free(&r);
  }
  size_t after = heap_bytes_in_use();
  cr_expect_leq(after, before, "300 runs left %zu bytes of the heap in use", after - before);
  sim_program_free(p);
}

Test(ports, timeout_zero_polls) {
  sim_program *p = th_build("ports_timeout_zero.c", NULL);
  ph_expect_output(p,
                   "GQCS(0) on an empty port: FALSE, overlapped NULL, error 258\n"
                   "time passed: 0 ms, worker ran: no\n"
                   "GQCSEx(0) on an empty port: FALSE, 0 removed, error 258\n"
                   "GQCS(0) with a packet queued: TRUE, key 42, 5 bytes, overlapped the posted one\n");
  sim_program_free(p);
}

Test(ports, timeout_expires_in_virtual_time) {
  sim_program *p = th_build("ports_timeout_expires.c", NULL);
  ph_expect_output(p,
                   "GQCS(250 ms): FALSE, error 258, overlapped NULL, after 250 ms\n"
                   "GQCSEx(40 ms): FALSE, 0 removed, error 258, after 40 ms\n"
                   "GQCS(250 ms), packet posted at +100 ms: TRUE, key 9, after 100 ms\n");
  th_expect_every_schedule_ok(p, 2, 3, NULL);
  sim_program_free(p);
}

Test(ports, closing_port_wakes_waiters_with_abandoned_wait) {
  sim_program *p = th_build("ports_close_wakes.c", NULL);
  ph_expect_output(p,
                   "GQCS: FALSE, error 735, overlapped NULL\n"
                   "GQCSEx: FALSE, error 735, 0 removed\n");
  th_expect_every_schedule_ok(p, 2, 20, NULL);
  sim_program_free(p);
}

Test(ports, waiter_already_handed_a_packet_keeps_it_when_port_closes) {
  sim_program *p = th_build("ports_close_handed_packet.c", NULL);
  /* In the default schedule main posts and closes before the waiter runs
   * again: the close comes between the hand-over and the return. */
  ph_expect_output(p,
                   "waiter: TRUE, key 7, 64 bytes, overlapped the posted one, error 0, "
                   "port closed before it returned\n");
  th_expect_every_schedule_ok(p, 2, 5, NULL);
  sim_program_free(p);
}

Test(ports, closing_port_drops_queued_packets) {
  sim_program *p = th_build("ports_close_drops.c", NULL);
  ph_expect_output(p,
                   "worker: FALSE, key 0, error 735\n"
                   "a new port (same handle value): FALSE, error 258\n");
  th_expect_every_schedule_ok(p, 2, 3, NULL);
  sim_program_free(p);
}

Test(ports, calls_on_closed_port_fail_with_invalid_handle) {
  sim_program *p = th_build("ports_closed_handle.c", NULL);
  ph_expect_output(p,
                   "PostQueuedCompletionStatus: failed, error 6\n"
                   "GetQueuedCompletionStatus(0): failed, error 6, overlapped NULL\n"
                   "GetQueuedCompletionStatus(INFINITE): failed, error 6, overlapped NULL\n"
                   "GetQueuedCompletionStatusEx(INFINITE): failed, error 6, 0 removed\n"
                   "CreateIoCompletionPort(pipe, closed port): failed, error 6\n"
                   "CloseHandle again: failed, error 6\n");
  sim_program_free(p);
}

Test(ports, concurrency_value_limits_running_threads) {
  sim_program *p = th_build("ports_concurrency.c", NULL);
  /* The older waiter gets nothing while the newest one runs, and the
   * newest one takes each queued packet itself when it asks again. */
  ph_expect_output(p,
                   "newest waiter got keys [123]\n"
                   "oldest waiter got keys [], then error 735\n");
  th_expect_every_schedule_ok(p, 2, 50, NULL);
  sim_program_free(p);
}

Test(ports, thread_blocking_elsewhere_lets_another_waiter_run) {
  sim_program *p = th_build("ports_block_elsewhere.c", NULL);
  ph_expect_output(p,
                   "newest waiter: key 1, released first\n"
                   "oldest waiter: key 2, released second, while the newest waited on an event\n");
  th_expect_every_schedule_ok(p, 2, 20, NULL);
  sim_program_free(p);
}

Test(ports, failed_io_packet_returns_false_with_overlapped) {
  sim_program *p = th_build("ports_failed_io.c", NULL);
  ph_expect_output(p,
                   "GQCS: FALSE, overlapped the read's, key 0x5e, 0 bytes, error 109\n");
  th_expect_every_schedule_ok(p, 2, 3, NULL);
  sim_program_free(p);
}

/* No cap below the caller's ulCount: 100 queued packets come out of one
 * call with room for 150 (the simulator used to stop at 64). */
Test(ports, gqcsex_takes_up_to_ulcount_packets_at_once) {
  sim_program *p = th_build("ports_gqcsex_many.c", NULL);
  ph_expect_output(p, "TRUE: 100 removed, in order\nthen: FALSE, error 258\n");
  sim_program_free(p);
}

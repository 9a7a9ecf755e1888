/* The overlapped I/O sources of the completion port model: named pipes
 * (reads that complete when the peer writes, breaks or cancels; connects
 * that wait for a client; the errors of opening a pipe) and waitable
 * timers, all on virtual time, one test per rule.
 *
 * Each rule is checked in the default schedule, where the test compares
 * what the program printed, and, where threads interleave, in every
 * schedule within a small preemption bound, where the program's own
 * asserts state the rule.  A peer that acts "later" sleeps first: virtual
 * time only passes when no thread can run, so the operation is pending by
 * then in every schedule. */
#include "ports_helpers.h"

Test(pipes, overlapped_read_completes_to_port_when_peer_writes) {
  sim_program *p = th_build("pipes_read_completes.c", NULL);
  ph_expect_output(p,
                   "ReadFile: FALSE, error 997\n"
                   "GQCS at 100 ms: TRUE, key 0xab, 5 bytes, overlapped the read's, data \"hello\"\n"
                   "OVERLAPPED: Internal 0, InternalHigh 5\n");
  th_expect_every_schedule_ok(p, 2, 3, NULL);
  sim_program_free(p);
}

Test(pipes, immediate_read_still_queues_a_packet) {
  sim_program *p = th_build("pipes_immediate_read.c", NULL);
  ph_expect_output(p,
                   "WriteFile: TRUE, 3 bytes\n"
                   "ReadFile: TRUE, 3 bytes, \"abc\"\n"
                   "packet 1: TRUE, key 2, 3 bytes, overlapped the write's\n"
                   "packet 2: TRUE, key 1, 3 bytes, overlapped the read's\n"
                   "packet 3: none (error 258)\n");
  sim_program_free(p);
}

Test(pipes, peer_close_completes_pending_read_with_broken_pipe) {
  sim_program *p = th_build("pipes_peer_close.c", NULL);
  ph_expect_output(p,
                   "GQCS at 40 ms: FALSE, overlapped the read's, 0 bytes, error 109\n"
                   "GetOverlappedResult: FALSE, 0 bytes, error 109\n"
                   "ReadFile after the break: FALSE, error 109, packet queued: no\n");
  th_expect_every_schedule_ok(p, 2, 3, NULL);
  sim_program_free(p);
}

Test(pipes, cancelioex_completes_pending_read_with_operation_aborted) {
  sim_program *p = th_build("pipes_cancel.c", NULL);
  ph_expect_output(p,
                   "GQCS at 20 ms: FALSE, overlapped the cancelled read's, 0 bytes, error 995\n"
                   "CancelIoEx: TRUE; again: FALSE, error 1168\n"
                   "other read before the write: pending\n"
                   "other read after the write: TRUE, 2 bytes, overlapped its own\n");
  th_expect_every_schedule_ok(p, 2, 3, NULL);
  sim_program_free(p);
}

Test(pipes, connect_named_pipe_pending_until_client_connects) {
  sim_program *p = th_build("pipes_connect_pending.c", NULL);
  ph_expect_output(p,
                   "ConnectNamedPipe(overlapped): FALSE, error 997\n"
                   "poll before any client: nothing\n"
                   "GQCS at 50 ms: TRUE, key 0xc0, overlapped the connect's\n"
                   "ConnectNamedPipe(synchronous): TRUE after 30 ms\n");
  th_expect_every_schedule_ok(p, 2, 5, NULL);
  sim_program_free(p);
}

Test(pipes, client_before_connect_gives_pipe_connected) {
  sim_program *p = th_build("pipes_client_first.c", NULL);
  ph_expect_output(p,
                   "client: connected\n"
                   "ConnectNamedPipe(overlapped): FALSE, error 535\n"
                   "packet queued: no\n"
                   "server read: TRUE, \"ping\"\n");
  sim_program_free(p);
}

Test(pipes, createfile_on_missing_pipe_fails_file_not_found) {
  sim_program *p = th_build("pipes_missing.c", NULL);
  ph_expect_output(p,
                   "never created: INVALID_HANDLE_VALUE, error 2\n"
                   "server end closed: INVALID_HANDLE_VALUE, error 2\n");
  sim_program_free(p);
}

Test(pipes, second_client_gets_pipe_busy) {
  sim_program *p = th_build("pipes_busy.c", NULL);
  ph_expect_output(p,
                   "first client: connected, error 0\n"
                   "second client, one instance: INVALID_HANDLE_VALUE, error 231\n"
                   "second client, two instances: connected, error 0\n"
                   "first instance read '1', second instance read '2'\n");
  sim_program_free(p);
}

Test(pipes, waitable_timer_signals_after_due_time_in_virtual_time) {
  sim_program *p = th_build("pipes_timer.c", NULL);
  ph_expect_output(p,
                   "manual timer, wait 60 ms: WAIT_TIMEOUT at 60 ms\n"
                   "manual timer, wait INFINITE: WAIT_OBJECT_0 at 100 ms\n"
                   "manual timer afterwards: still signalled\n"
                   "periodic timer released a waiter at 50 80 110 ms\n"
                   "cancelled timer, wait 200 ms: WAIT_TIMEOUT after 200 ms\n");
  sim_program_free(p);
}

Test(pipes, getoverlappedresult_waits_on_event) {
  sim_program *p = th_build("pipes_getoverlappedresult.c", NULL);
  ph_expect_output(p,
                   "bWait FALSE: FALSE, error 996\n"
                   "bWait TRUE: TRUE at 70 ms, 4 bytes, \"data\"\n"
                   "event: signalled\n");
  th_expect_every_schedule_ok(p, 2, 3, NULL);
  sim_program_free(p);
}

Test(pipes, closing_a_handle_aborts_its_pending_io) {
  sim_program *p = th_build("pipes_close_aborts.c", NULL);
  ph_expect_output(p,
                   "GQCS at 20 ms: FALSE, key 1, overlapped the read's, 0 bytes, error 995\n"
                   "GQCS at 20 ms: FALSE, key 2, overlapped the connect's, 0 bytes, error 995\n"
                   "events: read signalled, connect signalled\n");
  th_expect_every_schedule_ok(p, 2, 3, NULL);
  sim_program_free(p);
}

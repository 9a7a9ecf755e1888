/* Results and error codes of calls made with unusual arguments, as Windows
 * gives them.  The program is the conformance probe error-codes, whose
 * host.c says, for each call, what Microsoft's documentation and Wine's
 * source say and where they disagree; under Wine it prints the same except
 * for HeapAlloc's last error (expected-wine.txt).  One test per rule, each
 * looking for its own line of the probe's output. */
#include <string.h>

#include "harness.h"

static sim_program *probe;
static sim_result run;

static void run_probe(void) {
  probe = th_scenario("conformance/error-codes");
  th_run(probe, &run);
}

static void done(void) {
  sim_result_free(&run);
  sim_program_free(probe);
}

static void expect_line(const char *line) {
  th_expect_verdict(&run, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&run), line), "expected the line\n%s\nin:\n%s", line, th_stdout(&run));
}

TestSuite(error_codes, .init = run_probe, .fini = done);

Test(error_codes, freelibrary_null_fails_with_invalid_handle) {
  expect_line("FreeLibrary(NULL): FALSE, error 6\n");
}

Test(error_codes, freelibrary_of_the_executable_succeeds_and_changes_nothing) {
  expect_line("FreeLibrary(the executable): TRUE\n");
  cr_expect(th_trace_has(&run, "TRUE (the executable stays loaded)"), "%s", th_trace(&run));
}

Test(error_codes, getprocaddress_null_looks_in_the_executable) {
  expect_line("GetProcAddress(NULL, exported_from_exe): found, returns 42\n"
              "GetProcAddress(NULL, not_exported_anywhere): NULL, error 127\n");
}

Test(error_codes, an_undefined_getmodulehandleex_flag_fails_with_87_and_takes_no_reference) {
  expect_line("GetModuleHandleEx(undefined flag 0x8): FALSE, error 87, module NULL\n"
              "main: one FreeLibrary for the one LoadLibrary:\n"
              "errcodes_log.dll PROCESS_DETACH reserved=NULL thread=main\n");
}

Test(error_codes, disablethreadlibrarycalls_null_fails_with_mod_not_found) {
  expect_line("DisableThreadLibraryCalls(NULL): FALSE, error 126\n");
}

Test(error_codes, closing_a_pseudo_handle_succeeds_and_does_nothing) {
  expect_line("CloseHandle(GetCurrentThread()): TRUE, CloseHandle(GetCurrentProcess()): TRUE\n");
  cr_expect(!strstr(th_warnings(&run), "CloseHandle"), "no warning: %s", th_warnings(&run));
}

Test(error_codes, a_completion_port_is_signalled_while_packets_are_queued) {
  expect_line("WaitForSingleObject(empty port, 0): 258\n"
              "WaitForSingleObject(port with a packet, 0): 0, then GQCS: TRUE, key 7\n");
}

Test(error_codes, a_wait_all_with_an_abandoned_mutex_returns_wait_abandoned_0) {
  expect_line("WaitForMultipleObjects(all, mutex abandoned at index 2): 128\n");
}

Test(error_codes, a_failed_heapalloc_leaves_the_last_error_alone) {
  expect_line("HeapAlloc(~0 bytes): NULL, last error 1234\n");
}

Test(error_codes, suspend_and_resume_fail_with_32_bit_minus_one) {
  expect_line("SuspendThread(NULL): 4294967295, error 6\n"
              "ResumeThread(NULL): 4294967295, error 6\n"
              "SuspendThread(an exited thread): 4294967295, error 5\n");
}

/* Specification of per-thread state: the last error and TLS slots belong to
 * each thread, whatever the interleaving; TlsAlloc/TlsFree manage slots as
 * Windows documents. */
#include <string.h>

#include "harness.h"

Test(tls_lasterror, last_error_belongs_to_each_thread) {
  sim_program *p = th_build("tls_last_error.c", NULL);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(tls_lasterror, tls_values_belong_to_each_thread_and_start_null) {
  sim_program *p = th_build("tls_values.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "main still sees its own value: 1\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 2, NULL);
  sim_program_free(p);
}

Test(tls_lasterror, tls_alloc_hands_out_distinct_slots) {
  sim_program *p = th_build("tls_alloc_free.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "distinct: 1, valid: 1\n"), "stdout: %s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(tls_lasterror, tls_get_value_clears_the_last_error_when_it_succeeds) {
  sim_program *p = th_build("tls_alloc_free.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "get: own value 1, last error 0\n"), "stdout: %s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(tls_lasterror, tls_free_of_a_free_slot_fails_with_invalid_parameter) {
  sim_program *p = th_build("tls_alloc_free.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "free: 1, free again: 0, error 87\n"), "stdout: %s", th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(tls_lasterror, a_slot_allocated_again_reads_null) {
  sim_program *p = th_build("tls_alloc_free.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(strstr(th_stdout(&r), "the freed slot is reused: 1, and reads NULL: 1\n"), "stdout: %s",
            th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

/* Builds tests/programs/<host> with an optional DLL ("NAME.dll=FILE.c")
 * and expects the build to be refused; returns the error text (free it). */
static char *expect_refused(const char *host, const char *dll) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  char path[4096];
  snprintf(path, sizeof path, "%s/programs/%s", TESTS_DIR, host);
  cr_assert(sim_spec_set_host(&spec, path, &err), "%s", strbuf_str(&err));
  if (dll) {
    const char *eq = strchr(dll, '=');
    snprintf(path, sizeof path, "%.*s=%s/programs/%s", (int)(eq - dll), dll, TESTS_DIR, eq + 1);
    cr_assert(sim_spec_add_dll(&spec, path, &err), "%s", strbuf_str(&err));
  }
  sim_program *p = sim_program_build(&spec, &err);
  cr_expect_null(p, "a program with thread-local variables was built");
  if (p) sim_program_free(p);
  sim_spec_free(&spec);
  return strbuf_take(&err);
}

Test(tls_lasterror, thread_local_variables_are_refused_with_the_way_out) {
  /* Every simulated thread runs on one OS thread, so __thread would be
   * shared by all of them: the host, or a DLL, that has one is refused. */
  char *host = expect_refused("tls_thread_variable.c", NULL);
  cr_expect(strstr(host, "host.exe uses thread-local variables (__thread, _Thread_local or "
                         "__declspec(thread))"),
            "%s", host);
  cr_expect(strstr(host, "use TlsAlloc/TlsGetValue/TlsSetValue instead"), "%s", host);
  char *dll = expect_refused("cli_ok.c", "counter.dll=tls_thread_local_dll.c");
  cr_expect(strstr(dll, "counter.dll uses thread-local variables"), "%s", dll);
  free(host);
  free(dll);
}

/* 1,088 indexes per process, as TlsAlloc's documentation says; TlsGetValue
 * and TlsSetValue check only that the index is below that ("minimal
 * parameter validation"), so a freed index reads NULL with no error and
 * can be written (Wine's kernelbase does the same; probe tls-indexes). */
Test(tls_lasterror, a_process_has_1088_tls_indexes_and_freed_ones_read_null) {
  sim_program *p = th_build("tls_many.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "TlsAlloc gave 1088 indexes, then TLS_OUT_OF_INDEXES with error 259\n"
                   "other thread: last index reads NULL, then its own value: yes\n"
                   "main: last index still reads its own value: yes\n"
                   "freed index: TlsGetValue NULL, error 0\n"
                   "freed index: TlsSetValue TRUE, then reads the value\n"
                   "index 1088: TlsGetValue NULL, error 87\n"
                   "index 1088: TlsSetValue FALSE, error 87\n");
  sim_result_free(&r);
  sim_program_free(p);
}

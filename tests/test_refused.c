/* Specification of the calls a simulated program may not make
 * (sim/api/posix.c): starting processes or threads of the operating
 * system, sleeping or blocking for real, reading standard input, signals,
 * the system's dynamic loader and raw system calls end the run with the
 * "unsupported call" verdict naming the call and where it was made; never
 * a second copy of the simulator, never a silent hang.  Code the dynamic
 * loader would run by itself (constructors, destructors) is refused when
 * the program is built. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static sim_program *program;

static void build(void) { program = th_build("refused_calls.c", NULL); }
static void free_program(void) { sim_program_free(program); }

/* Runs the program making `call`; expects the verdict and the message. */
static void expect_refused(const char *call, int tid, const char *message_has) {
  pid_t me = getpid();
  setenv("REFUSED_CALL", call, 1);
  sim_result r;
  th_run(program, &r);
  cr_assert_eq(getpid(), me, "the test goes on in the process that started it");
  th_expect_verdict(&r, SIM_VERDICT_UNSUPPORTED);
  cr_expect_eq(r.verdict.tid, tid, "%s: thread %d", call, r.verdict.tid);
  cr_expect(strstr(th_message(&r), message_has), "%s: %s", call, th_message(&r));
  cr_expect(strstr(th_message(&r), "which a simulated program may not call"), "%s: %s", call,
            th_message(&r));
  cr_expect(!strstr(th_stdout(&r), "returned from"), "%s returned: %s", call, th_stdout(&r));
  cr_expect(sim_verdict_is_bug(r.verdict.kind));
  sim_result_free(&r);
}

TestSuite(refused, .init = build, .fini = free_program, .timeout = 120);

Test(refused, fork_is_refused_and_no_second_simulator_runs) {
  expect_refused("fork", 1, "thread 1 (main) called fork() at main+");
}

Test(refused, processes_cannot_be_started) {
  expect_refused("system", 1, "called system(\"echo escaped\") at main+");
  expect_refused("execlp", 1, "called execlp(\"true\") at main+");
  expect_refused("popen", 1, "called popen(\"cat\") at main+");
  expect_refused("fork", 1, "second copy of the simulator exploring on its own");
}

Test(refused, operating_system_threads_and_their_locks_are_refused) {
  expect_refused("pthread_create", 1, "called pthread_create() at main+");
  expect_refused("pthread_mutex_lock", 1, "called pthread_mutex_lock() at main+");
}

Test(refused, real_sleeps_are_refused_in_any_thread) {
  expect_refused("sleep", 1, "called sleep(2) at main+");
  expect_refused("nanosleep", 1, "called nanosleep() at main+");
  expect_refused("worker-usleep", 2, "thread 2 called usleep(1000) at sleeper+");
  expect_refused("sleep", 1, "use Sleep");
}

Test(refused, standard_input_cannot_be_read) {
  expect_refused("getchar", 1, "called getchar() at main+");
  expect_refused("fgets", 1, "called fgets(stdin, ...) at main+");
  expect_refused("scanf", 1, "called scanf(...) at main+");
  expect_refused("read", 1, "called read(0, ...) at main+");
}

Test(refused, signals_the_dynamic_loader_and_raw_system_calls_are_refused) {
  expect_refused("signal", 1, "called signal(11) at main+");
  expect_refused("raise", 1, "called raise(15) at main+");
  expect_refused("dlopen", 1, "called dlopen(\"libc.so.6\") at main+");
  expect_refused("dlsym", 1, "called dlsym(\"fork\") at main+");
  expect_refused("syscall", 1, "called syscall(");
}

Test(refused, other_streams_are_read_as_usual) {
  setenv("REFUSED_CALL", "other-streams", 1);
  sim_result r;
  th_run(program, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "calling other-streams\nread back: written 1 and 1\n"
                                  "returned from other-streams\n");
  sim_result_free(&r);
}

Test(refused, _Exit_ends_the_simulated_process_only) {
  setenv("REFUSED_CALL", "_Exit", 1);
  sim_result r;
  th_run(program, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect(r.exited);
  cr_expect_eq(r.exit_code, 3);
  sim_result_free(&r);
}

Test(refused, a_dll_with_a_constructor_is_refused_when_built) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  char host[4096], dll[4096];
  snprintf(host, sizeof host, "%s/programs/cli_ok.c", TESTS_DIR);
  snprintf(dll, sizeof dll, "early.dll=%s/programs/refused_constructor_dll.c", TESTS_DIR);
  cr_assert(sim_spec_set_host(&spec, host, &err));
  cr_assert(sim_spec_add_dll(&spec, dll, &err));
  sim_program *p = sim_program_build(&spec, &err);
  cr_expect_null(p, "built");
  cr_expect(strstr(strbuf_str(&err), "early.dll has a constructor, set_up_early"), "%s", strbuf_str(&err));
  cr_expect(strstr(strbuf_str(&err), "do that work in DllMain"), "%s", strbuf_str(&err));
  sim_program_free(p);
  sim_spec_free(&spec);
  strbuf_free(&err);
}

Test(refused, a_dll_calling_a_real_function_around_the_wrap_is_refused_when_built) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  char host[4096], dll[4096];
  snprintf(host, sizeof host, "%s/programs/cli_ok.c", TESTS_DIR);
  snprintf(dll, sizeof dll, "escape.dll=%s/programs/refused_real_call_dll.c", TESTS_DIR);
  cr_assert(sim_spec_set_host(&spec, host, &err));
  cr_assert(sim_spec_add_dll(&spec, dll, &err));
  sim_program *p = sim_program_build(&spec, &err);
  cr_expect_null(p, "built");
  cr_expect(strstr(strbuf_str(&err), "escape.dll calls __real_fork, which goes around the simulator"), "%s",
            strbuf_str(&err));
  cr_expect(strstr(strbuf_str(&err), "call fork by its own name"), "%s", strbuf_str(&err));
  sim_program_free(p);
  sim_spec_free(&spec);
  strbuf_free(&err);
}

/* Specification of the smaller APIs real DLLs call: the unsuffixed names
 * and <tchar.h> for ANSI builds and the W names for UNICODE builds, the
 * calling-convention spellings, _beginthreadex/_endthreadex, OpenEvent/
 * OpenMutex/OpenSemaphore, the performance counter on virtual time, the
 * 64-bit Interlocked family, TerminateProcess, LoadLibraryEx's flags, and
 * VirtualAlloc/VirtualFree. */
#include <string.h>

#include "harness.h"

Test(win32_misc, an_ansi_build_with_tchar_unsuffixed_names_and_beginthreadex) {
  sim_program *p = th_build("names_ansi.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "CreateEvent and OpenEvent by TCHAR name: the same event: yes\n"
                   "_tcslen(_T(\"ansi-event\")) = 10, _tcsicmp = 0\n"
                   "GetModuleHandle(NULL): the executable\n"
                   "_beginthreadex: thread id given: yes, exit code 0x23456789\n"
                   "_endthreadex(7): exit code 7\n"
                   "WINAPIV and __cdecl functions: 5 8\n");
  cr_expect(th_trace_has(&r, "_beginthreadex(returns (host.exe)) -> thread 2"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(win32_misc, a_unicode_build_reaches_the_w_functions) {
  sim_program *p = th_build("names_unicode.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "CreateMutexW and OpenMutexW by TEXT() name: opened, seen by OpenMutexA too: yes\n"
                   "CreateSemaphoreW and OpenSemaphoreW: the same semaphore: yes\n"
                   "TCHAR is 2 bytes\n");
  cr_expect(th_trace_has(&r, "CreateMutexW(not owned)"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "OutputDebugStringW(\"wide debug output\")"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(win32_misc, opening_named_objects_finds_them_by_name_and_type) {
  sim_program *p = th_build("open_objects.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "opened: event yes, mutex yes, semaphore yes, each a new handle: yes\n"
                   "SetEvent through the opened handle reaches the event: yes\n"
                   "OpenEventA(\"no-such-event\"): NULL, error 2\n"
                   "OpenMutexA(\"probe-event\"): NULL, error 6\n"
                   "OpenSemaphoreA(NULL): NULL, error 87\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(win32_misc, the_performance_counter_runs_on_virtual_time_and_interlocked64_wraps) {
  sim_program *p = th_build("counters.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "frequency 10000000, 25 ms of Sleep: 250000 ticks\n"
                   "InterlockedIncrement64 of the largest LONG64: -9223372036854775808\n"
                   "InterlockedExchangeAdd64(5, 10) returns 5, leaves 15\n"
                   "InterlockedCompareExchange64(15, 1, 15) returns 15, leaves 1\n"
                   "InterlockedCompareExchange64(1, 9, 15) returns 1, leaves 1\n"
                   "And64 0x3C, Or64 1<<32, Xor64 1: 0x100000031\n"
                   "Exchange64 returns 0x100000031, Decrement64 gives 2\n"
                   "InterlockedXor(6, 3): 5\n"
                   "two threads, two InterlockedIncrement64 each: 4\n");
  sim_result_free(&r);
  th_expect_every_schedule_ok(p, 2, 10, NULL);
  sim_program_free(p);
}

Test(win32_misc, terminate_process_ends_the_process_without_detach_or_atexit) {
  sim_program *p = th_build("terminate_host.c", "logger.dll=terminate_logdll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "dll: DLL_PROCESS_ATTACH\n"
                   "host: TerminateProcess of another handle: FALSE, error 6\n"
                   "host: TerminateProcess(GetCurrentProcess(), 3)\n");
  cr_expect(r.exited, "the process did not end");
  cr_expect_eq(r.exit_code, 3);
  cr_expect(strstr(th_message(&r), "TerminateProcess(3): the process ended without notifying its DLLs"),
            "message: %s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(win32_misc, load_library_ex_searches_where_its_flags_say) {
  sim_program *p = th_build("loadex_host.c", "plugin.dll=loadex_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "plugin: attached\nno flags: loaded, error 0\nplugin: detached\n"
                   "plugin: attached\nLOAD_LIBRARY_SEARCH_APPLICATION_DIR: loaded, error 0\nplugin: detached\n"
                   "plugin: attached\nLOAD_LIBRARY_SEARCH_DEFAULT_DIRS: loaded, error 0\nplugin: detached\n"
                   "LOAD_LIBRARY_SEARCH_SYSTEM32: NULL, error 126\n"
                   "plugin: attached\nLOAD_WITH_ALTERED_SEARCH_PATH: loaded, error 0\nplugin: detached\n"
                   "LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_SYSTEM32: NULL, error 87\n"
                   "plugin: attached\na file handle, which is reserved: loaded\nplugin: detached\n"
                   "plugin: attached\n"
                   "LoadLibraryExW: loaded\n"
                   "already loaded, then LOAD_LIBRARY_SEARCH_SYSTEM32: NULL\n"
                   "plugin: detached\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(win32_misc, virtual_alloc_gives_aligned_zeroed_regions_and_virtual_free_checks_its_arguments) {
  sim_program *p = th_build("virtual_semantics.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r),
                   "a region: 64 KiB-aligned yes, zeroed yes\n"
                   "MEM_COMMIT inside it returns its page: yes, contents kept: yes\n"
                   "VirtualFree(MEM_DECOMMIT) of that page: TRUE\n"
                   "committed again, it reads zero: yes\n"
                   "MEM_RELEASE with a size: FALSE, error 87\n"
                   "MEM_RELEASE not at the base: FALSE, error 487\n"
                   "MEM_RELEASE at the base: TRUE\n"
                   "released twice: FALSE, error 487\n"
                   "size 0: NULL, error 87\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(win32_misc, a_region_a_dll_never_released_is_a_leak_at_unload) {
  sim_program *p = th_build("virtual_leak_host.c", "leaky.dll=virtual_leak_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_LEAK_AT_UNLOAD);
  cr_expect(strstr(th_details(&r), "leaky.dll, unloaded at step"), "details: %s", th_details(&r));
  cr_expect(strstr(th_details(&r), "1 heap block"), "details: %s", th_details(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

/* ---- What is not simulated fails at compile time, by name -------------------------------- */

/* Builds tests/programs/<file>, which must not compile; returns the
 * compiler's message (malloc'd). */
static char *build_error(const char *file) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  char path[4096];
  snprintf(path, sizeof path, "%s/programs/%s", TESTS_DIR, file);
  cr_assert(sim_spec_set_host(&spec, path, &err), "%s", strbuf_str(&err));
  sim_program *p = sim_program_build(&spec, &err);
  cr_expect_null(p, "%s compiled", file);
  if (p) sim_program_free(p);
  sim_spec_free(&spec);
  return strbuf_take(&err);
}

Test(win32_misc, a_win32_function_that_is_not_simulated_fails_to_compile_naming_it) {
  char *err = build_error("not_simulated_call.c");
  cr_expect(strstr(err, "CreateTimerQueue is not simulated by loaderlab (use the thread pool's timers "
                        "(CreateThreadpoolTimer))"),
            "message: %s", err);
  cr_expect(strstr(err, "not_simulated_call.c:5"), "the message names the line: %s", err);
  free(err);
}

Test(win32_misc, beginthread_static_tls_and_unicode_tchar_fail_to_compile_saying_so) {
  char *err = build_error("not_simulated_beginthread.c");
  cr_expect(strstr(err, "_beginthread is not simulated by loaderlab (use _beginthreadex"), "message: %s", err);
  free(err);
  err = build_error("not_simulated_tls.c");
  cr_expect(strstr(err, "__declspec(thread) is not simulated by loaderlab: use TlsAlloc"), "message: %s", err);
  free(err);
  err = build_error("not_simulated_unicode_tchar.c");
  cr_expect(strstr(err, "tchar.h: _UNICODE builds are not simulated by loaderlab"), "message: %s", err);
  free(err);
}

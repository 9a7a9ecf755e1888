/* The loader model: reference counts, DllMain results, imports, exports,
 * module handles and fresh static data on reload (docs/design.md,
 * "Loader model"). */
#include <string.h>

#include "harness.h"

static void run_ok(sim_program *p, sim_result *r) {
  th_run(p, r);
  th_expect_verdict(r, SIM_VERDICT_OK);
}

Test(loader, loadlibrary_counts_references_and_last_freelibrary_unloads) {
  sim_program *p = th_build("loader_refcount.c", "a.dll=loader_logdll.c", NULL);
  sim_result r;
  run_ok(p, &r);
  cr_expect_str_eq(th_stdout(&r),
                   "a.dll PROCESS_ATTACH reserved=NULL thread=1\n"
                   "same handle: 1\n"
                   "GetModuleHandle: 1\n"
                   "after one FreeLibrary: loaded\n"
                   "a.dll PROCESS_DETACH reserved=NULL thread=1\n"
                   "after two: unloaded\n"
                   "third FreeLibrary: 0 error 126\n"
                   "missing: (nil) error 126\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(loader, getprocaddress_sees_only_exported_functions) {
  sim_program *p = th_build("loader_getproc.c", "a.dll=loader_logdll.c", NULL);
  sim_result r;
  run_ok(p, &r);
  cr_expect(strstr(th_stdout(&r), "exported_answer: 42\n"));
  cr_expect(strstr(th_stdout(&r), "uses_helper: 10\n"));
  cr_expect(strstr(th_stdout(&r), "not_exported: NULL error 127\n"), "%s", th_stdout(&r));
  cr_expect(strstr(th_stdout(&r), "static_helper: NULL\n"));
  cr_expect(strstr(th_stdout(&r), "printf: NULL\n"), "the C library is not the DLL's export");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(loader, dllmain_false_fails_load_and_sends_detach) {
  sim_program *p = th_build("loader_false_host.c", "refuse.dll=loader_false_dll.c", NULL);
  sim_result r;
  run_ok(p, &r);
  cr_expect_str_eq(th_stdout(&r),
                   "attach (attaches in this instance: 1)\n"
                   "refusing\n"
                   "detach\n"
                   "first load: NULL error 1114\n"
                   "loaded now: no\n"
                   "attach (attaches in this instance: 1)\n"
                   "second load: loaded\n"
                   "detach\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(loader, imported_dll_attaches_first_and_detaches_last) {
  sim_program *p = th_scenario("scenarios/loader-imports");
  sim_result r;
  run_ok(p, &r);
  cr_expect_str_eq(th_stdout(&r),
                   "base attach reserved=NULL\n"
                   "top attach (base says 40)\n"
                   "top_value: 42\n"
                   "base loaded: yes\n"
                   "top detach\n"
                   "base detach\n"
                   "base after: no\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(loader, host_imports_attach_before_main_with_reserved_set) {
  sim_program *p = th_scenario("scenarios/loader-host-imports");
  sim_result r;
  run_ok(p, &r);
  cr_expect_str_eq(th_stdout(&r),
                   "base attach reserved=set\n"
                   "main starts, base says 40\n"
                   "base detach\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(loader, module_handle_ex_pins_counts_and_finds_by_address) {
  sim_program *p = th_build("loader_pin.c", "a.dll=loader_logdll.c", NULL);
  sim_result r;
  run_ok(p, &r);
  const char *out = th_stdout(&r);
  cr_expect(strstr(out, "plain Ex counted: yes\n"), "%s", out);
  cr_expect(strstr(out, "unchanged refcount, unloaded: NULL\n"), "%s", out);
  cr_expect(strstr(out, "from address: 1\n"), "%s", out);
  /* Truncated to the buffer, terminator included. */
  cr_expect(strstr(out, "short buffer: 8 \"C:\\load\" error 122\n"), "%s", out);
  cr_expect(strstr(out, "full: 18 C:\\loaderlab\\a.dll\n"), "%s", out);
  cr_expect(strstr(out, "pinned after FreeLibrary: loaded\n"), "%s", out);
  const char *first_detach = strstr(out, "PROCESS_DETACH reserved=NULL");
  cr_expect(first_detach && !strstr(first_detach + 1, "PROCESS_DETACH reserved=NULL"),
            "only the unpinned first instance is unloaded by FreeLibrary: %s", out);
  cr_expect(strstr(out, "a.dll PROCESS_DETACH reserved=set"), "it is detached at exit: %s", out);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(loader, pinned_module_survives_freelibrary) {
  sim_program *p = th_build("loader_pin.c", "a.dll=loader_logdll.c", NULL);
  sim_explore_result e;
  th_explore(p, SIM_STRATEGY_DFS, 1, 0, &e);
  cr_expect(!e.found, "no schedule unloads a pinned module: %s", sim_verdict_name(e.kind));
  sim_explore_result_free(&e);
  sim_program_free(p);
}

Test(loader, every_load_starts_with_fresh_static_data) {
  sim_program *p = th_build("loader_fresh_host.c", "fresh.dll=loader_fresh_dll.c", NULL);
  sim_result r;
  run_ok(p, &r);
  cr_expect_str_eq(th_stdout(&r), "load 0: 101 102\nload 1: 101 102\nload 2: 101 102\n");
  /* And in the next run of the same process too. */
  sim_result r2;
  run_ok(p, &r2);
  cr_expect_str_eq(th_stdout(&r2), th_stdout(&r));
  sim_result_free(&r);
  sim_result_free(&r2);
  sim_program_free(p);
}

/* A FreeLibrary made inside DllMain while another FreeLibrary is under way
 * only counts down: the module it frees is detached and unmapped when the
 * outermost FreeLibrary finishes, so the DllMain that freed it can still
 * call into it (Wine: LdrUnloadDll's nesting count; the conformance probe
 * nested-loader-calls prints the same under Wine). */
Test(loader, freelibrary_inside_dllmain_takes_effect_when_the_outermost_freelibrary_ends) {
  sim_program *p = th_scenario("conformance/nested-loader-calls");
  sim_result r;
  th_run(p, &r);
  /* LoadLibrary and FreeLibrary in DllMain are what the guidance forbids,
   * and nothing worse happens: no access violation. */
  th_expect_verdict(&r, SIM_VERDICT_DLLMAIN_MISUSE);
  const char *out = th_stdout(&r);
  const char *after = strstr(out, "nest_inner.dll: hello (after FreeLibrary, still inside DllMain)");
  const char *outer_ends = strstr(out, "nest_outer.dll PROCESS_DETACH ends");
  const char *inner_detach = strstr(out, "nest_inner.dll PROCESS_DETACH reserved=NULL");
  cr_expect(after && outer_ends && inner_detach && after < outer_ends && outer_ends < inner_detach,
            "the freed DLL must be detached after the DllMain that freed it:\n%s", out);
  const char *trace = th_trace(&r);
  const char *inner_unmapped = strstr(trace, "nest_inner.dll unmapped");
  const char *outer_unmapped = strstr(trace, "nest_outer.dll unmapped");
  const char *inner_detach_call = strstr(trace, "DllMain(nest_inner.dll, DLL_PROCESS_DETACH");
  cr_expect(inner_unmapped && outer_unmapped && inner_detach_call && inner_detach_call < outer_unmapped &&
                inner_detach_call < inner_unmapped,
            "both are unmapped after every DLL_PROCESS_DETACH:\n%s", trace);
  sim_result_free(&r);
  sim_program_free(p);
}

/* The DLLs the executable imports are loaded for good: FreeLibrary on one
 * succeeds and neither detaches nor unmaps it (conformance probe
 * static-imports-pinned). */
Test(loader, freelibrary_of_a_dll_the_executable_imports_changes_nothing) {
  sim_program *p = th_scenario("conformance/static-imports-pinned");
  sim_result r;
  run_ok(p, &r);
  cr_expect(strstr(th_stdout(&r), "main: FreeLibrary(static_dep.dll) #3 returned TRUE\n"
                                  "main: static_dep.dll still loaded\n"
                                  "static_dep.dll: hello\n"),
            "%s", th_stdout(&r));
  cr_expect(!strstr(th_stdout(&r), "PROCESS_DETACH reserved=NULL"), "%s", th_stdout(&r));
  cr_expect(!th_trace_has(&r, "static_dep.dll unmapped"), "%s", th_trace(&r));
  cr_expect(th_trace_has(&r, "(pinned)"), "%s", th_trace(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

/* The system modules every process has (ntdll, kernel32, kernelbase and
 * the C runtime) are found by GetModuleHandle, and GetProcAddress on
 * kernel32.dll finds the simulated Win32 functions (conformance probe
 * system-modules, which prints the same under Wine). */
Test(loader, getmodulehandle_finds_kernel32_and_the_other_system_modules) {
  sim_program *p = th_scenario("conformance/system-modules");
  sim_result r;
  run_ok(p, &r);
  cr_expect_str_eq(th_stdout(&r),
                   "kernel32.dll: found\n"
                   "KERNEL32: the same handle\n"
                   "L\"kernel32.dll\": the same handle\n"
                   "ntdll.dll: found, kernelbase.dll: found, msvcrt.dll: found\n"
                   "GetProcAddress(kernel32, GetCurrentThreadId): works\n"
                   "GetProcAddress(kernel32, NoSuchFunctionAnywhere): NULL, error 127\n"
                   "LoadLibrary(kernel32.dll): the same handle\n"
                   "FreeLibrary: TRUE, still loaded: yes\n"
                   "GetModuleFileName names kernel32.dll: yes\n");
  sim_result_free(&r);
  sim_program_free(p);
}

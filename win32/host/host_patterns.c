/* The in-process patterns of loaderlab-host: churn and rapid.
 *
 * churn: LoadLibrary, call the export once, FreeLibrary; repeat.  This is
 * what a connection pool or a test harness does with a database driver, and
 * it is the pattern that catches a DLL whose threads outlive FreeLibrary: a
 * thread that returns into the unmapped image faults.
 *
 * rapid: the same, with work in flight while the DLL is freed.  The main
 * thread loads the DLL and calls the export, then starts a helper thread
 * that takes its own reference (LoadLibrary), calls the export and frees
 * its reference, while the main thread frees its own at once.  Whichever
 * FreeLibrary comes last unloads the DLL, right after a query, with the
 * DLL's threads busy; if the main thread's comes first, the helper loads
 * the DLL afresh.  Both threads hold a reference for as long as they use
 * the DLL, so the host itself is correct: any crash is the DLL's.
 *
 * The main thread's call completes before the helper starts, so the two
 * never make the DLL's first call at once.  That keeps rapid about unloading:
 * the kit's sample drivers start their pool lazily with an unguarded
 * `if (!started)`, and two first calls at once can start two pools and lose
 * a query (a hang), a different bug from the one rapid is for.
 *
 * A DLL that also exports `void driver_shutdown(void)` asks to be shut down
 * before it is unloaded, and both patterns do so, as the exercises' hosts
 * do (exercises/common/driver_query.h): churn calls it after the query,
 * before FreeLibrary.
 * rapid has the helper call it after its query, before its FreeLibrary,
 * and the main thread frees its own reference only once the helper holds
 * one: the helper's query is then the last, and its FreeLibrary the one
 * that unloads, so the shutdown always comes after every query and before
 * the unload while the main thread's FreeLibrary still races with the
 * helper's work.  A hang in the shutdown (a worker that never exits) is
 * reported like any other, "main thread in driver_shutdown" under churn.
 *
 * Both patterns report "cycle N: ok" when the cycle's last FreeLibrary has
 * returned.  A DLL's thread that faults later is caught by the crash guard
 * wherever it is; one that lands in the image of the next load (Windows and
 * Wine tend to map a DLL at the same address again) may not fault at all,
 * which is why the bug shows only in some cycles.
 *
 * Left out: the export's return value is not judged, only whether the call,
 * the shutdown and the unload come back. */
#include "host.h"

static const char query_text[] = "SELECT 1";

BOOL host_load_dll(const host_options *options, HMODULE *module, host_export_fn *query,
                   host_shutdown_fn *shutdown) {
  host_set_stage("LoadLibrary");
  *module = LoadLibraryA(options->dll_path);
  if (!*module) {
    host_line what = {0};
    host_line_text(&what, "cannot load ");
    host_line_text(&what, options->dll_path);
    host_fail_setup(&what, GetLastError());
    return FALSE;
  }
  host_note_loaded(*module, options->dll_path);
  host_set_stage("GetProcAddress");
  /* Through void (*)(void): GetProcAddress returns a generic function
   * pointer, and gcc's -Wcast-function-type accepts only that detour. */
  *query = (host_export_fn)(void (*)(void))GetProcAddress(*module, options->export_name);
  if (!*query) {
    host_line what = {0};
    host_line_text(&what, options->dll_path);
    host_line_text(&what, " has no export ");
    host_line_text(&what, options->export_name);
    host_fail_setup(&what, GetLastError());
    return FALSE;
  }
  *shutdown = (host_shutdown_fn)(void (*)(void))GetProcAddress(*module, HOST_SHUTDOWN_EXPORT);
  return TRUE;
}

void host_linger(const host_options *options) {
  if (!options->linger_ms) return;
  host_set_stage("--linger-ms");
  Sleep(options->linger_ms);
}

void host_shut_down_and_free(const host_options *options, unsigned cycle, HMODULE module,
                             host_shutdown_fn shutdown) {
  host_linger(options);
  if (shutdown) {
    host_set_stage(HOST_SHUTDOWN_EXPORT);
    shutdown();
  }
  host_set_stage("FreeLibrary");
  FreeLibrary(module);
  host_note_freed();
  host_report_ok(cycle);
}

int host_run_churn(const host_options *options) {
  for (unsigned cycle = 1; cycle <= options->cycles; cycle++) {
    host_begin_cycle(cycle);
    HMODULE module;
    host_export_fn query;
    host_shutdown_fn shutdown;
    if (!host_load_dll(options, &module, &query, &shutdown)) return HOST_EXIT_SETUP;
    host_set_stage(options->export_name);
    query(query_text);
    host_shut_down_and_free(options, cycle, module, shutdown);
  }
  return host_finish();
}

/* What the main thread hands its helper for one rapid cycle. */
typedef struct rapid_helper {
  const host_options *options;
  HANDLE loaded; /* set once the helper holds its reference (shutdown mode) */
} rapid_helper;

/* The helper's own reference keeps the DLL mapped while it calls into it;
 * its exit code tells the main thread whether it got that far. */
static DWORD WINAPI rapid_helper_main(LPVOID argument) {
  const rapid_helper *helper = argument;
  const host_options *options = helper->options;
  HMODULE module = LoadLibraryA(options->dll_path);
  if (helper->loaded) SetEvent(helper->loaded);
  if (!module) return 1;
  host_export_fn query = (host_export_fn)(void (*)(void))GetProcAddress(module, options->export_name);
  host_shutdown_fn shutdown = (host_shutdown_fn)(void (*)(void))GetProcAddress(module, HOST_SHUTDOWN_EXPORT);
  if (query) query(query_text);
  if (query && shutdown) shutdown();
  FreeLibrary(module);
  return query ? 0 : 1;
}

static int rapid_fail(const char *text, HANDLE loaded) {
  DWORD error = GetLastError();
  if (loaded) CloseHandle(loaded);
  return host_fail_setup_text(text, error);
}

int host_run_rapid(const host_options *options) {
  for (unsigned cycle = 1; cycle <= options->cycles; cycle++) {
    host_begin_cycle(cycle);
    HMODULE module;
    host_export_fn query;
    host_shutdown_fn shutdown;
    if (!host_load_dll(options, &module, &query, &shutdown)) return HOST_EXIT_SETUP;
    host_set_stage(options->export_name);
    query(query_text);
    host_linger(options);
    rapid_helper helper = {options, NULL};
    if (shutdown && !(helper.loaded = CreateEventA(NULL, TRUE, FALSE, NULL)))
      return rapid_fail("cannot create an event for the helper thread", NULL);
    host_set_stage("CreateThread");
    HANDLE thread = CreateThread(NULL, 0, rapid_helper_main, &helper, 0, NULL);
    if (!thread) return rapid_fail("cannot start the helper thread", helper.loaded);
    if (helper.loaded) {
      host_set_stage("waiting for the helper thread's LoadLibrary");
      WaitForSingleObject(helper.loaded, INFINITE);
    }
    host_set_stage("FreeLibrary, with the helper thread's call in flight");
    FreeLibrary(module);
    host_set_stage("waiting for the helper thread");
    WaitForSingleObject(thread, INFINITE);
    DWORD helper_exit = 0;
    GetExitCodeThread(thread, &helper_exit);
    CloseHandle(thread);
    if (helper.loaded) CloseHandle(helper.loaded);
    if (helper_exit != 0) {
      host_line what = {0};
      host_line_text(&what, "the helper thread could not load or call ");
      host_line_text(&what, options->dll_path);
      return host_fail_setup(&what, helper_exit);
    }
    host_note_freed();
    host_report_ok(cycle);
  }
  return host_finish();
}

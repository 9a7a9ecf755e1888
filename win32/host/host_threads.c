/* The threads pattern of loaderlab-host: queries while threads come and go.
 *
 * A cycle loads the DLL, starts one thread that does nothing, and calls the
 * export again and again until that thread has exited; then driver_shutdown
 * if the DLL has one, and FreeLibrary.  The thread does nothing of its own,
 * but its start sends DLL_THREAD_ATTACH to the DLL and its exit
 * DLL_THREAD_DETACH, each under the loader lock, while the main thread is
 * inside the export.  That is what catches a DLL whose DllMain takes one of
 * its own locks on thread notifications while its exports, holding that
 * lock, call into the loader (GetModuleHandle, GetProcAddress, LoadLibrary):
 * the two locks taken in opposite orders, a deadlock.
 *
 * Why again and again: such a deadlock needs the notification to arrive
 * inside the export's few instructions between taking its lock and calling
 * the loader.  One call per thread start (exercises/03-lock-order/
 * scenarios/thread-starts-during-query) almost always finishes before a new
 * thread gets that far,
 * under Wine at least; calls for as long as the thread lives cover its
 * whole start and exit.
 *
 * A cycle reports "cycle N: ok" when FreeLibrary has returned; a deadlock is
 * reported by the watchdog, "main thread in driver_query, while a thread
 * starts and exits".
 *
 * Left out: more than one thread at a time, and judging the export's
 * results. */
#include "host.h"

static DWORD WINAPI passing_thread_main(LPVOID unused) {
  (void)unused;
  return 0;
}

int host_run_threads(const host_options *options) {
  /* The stage for hang lines, "driver_query, while a thread starts and exits". */
  static host_line querying;
  host_line_text(&querying, options->export_name);
  host_line_text(&querying, ", while a thread starts and exits");
  for (unsigned cycle = 1; cycle <= options->cycles; cycle++) {
    host_begin_cycle(cycle);
    HMODULE module;
    host_export_fn query;
    host_shutdown_fn shutdown;
    if (!host_load_dll(options, &module, &query, &shutdown)) return HOST_EXIT_SETUP;
    host_set_stage("CreateThread");
    HANDLE thread = CreateThread(NULL, 0, passing_thread_main, NULL, 0, NULL);
    if (!thread) return host_fail_setup_text("cannot start a thread", GetLastError());
    host_set_stage(querying.text);
    do {
      query("SELECT 1");
    } while (WaitForSingleObject(thread, 0) == WAIT_TIMEOUT);
    CloseHandle(thread);
    host_shut_down_and_free(options, cycle, module, shutdown);
  }
  return host_finish();
}

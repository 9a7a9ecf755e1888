/* Exercise 04, the reference fix (read exercises/04-unload-before-start/
 * README.md first, and WRONG-FIXES.md beside this file).
 *
 * The reporting thread holds a reference on the driver for as long as it
 * runs, so the driver cannot be unmapped under it:
 * - the reference is taken by the query, before CreateThread, while the
 *   application's own reference certainly keeps the driver loaded; a
 *   reference taken by the new thread itself would come too late, since
 *   the thread may not start before the application's FreeLibrary;
 * - the thread gives it back with FreeLibraryAndExitThread, whose code is
 *   not in the driver: if that FreeLibrary unmaps the driver, nothing
 *   returns into it (a plain FreeLibrary followed by `return` would return
 *   into the unmapped driver: exercise 05).
 * The application's FreeLibrary then only drops its own reference; the
 * last reporting thread to finish unloads the driver.
 */
#include <windows.h>

#define REPORT_MS 5

static LONG volatile queries;       /* queries answered so far */
static LONG volatile last_reported; /* the count the last report sent */

static DWORD WINAPI report_statistics(LPVOID self) {
  LONG count = queries;
  Sleep(REPORT_MS); /* sending it */
  InterlockedExchange(&last_reported, count);
  FreeLibraryAndExitThread((HMODULE)self, 0);
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  InterlockedIncrement(&queries);
  /* A reference for the reporting thread: from an address of our own
   * code, so no name is looked up. */
  HMODULE self;
  if (GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCWSTR)(void *)report_statistics,
                         &self)) {
    HANDLE reporter = CreateThread(NULL, 0, report_statistics, self, 0, NULL);
    if (reporter) CloseHandle(reporter);
    else FreeLibrary(self); /* no thread to give it back */
  }
  return 1;
}

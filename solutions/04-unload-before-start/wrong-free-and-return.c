/* Exercise 04, wrong fix: the query takes a reference for the reporting
 * thread before creating it (right), and the thread gives it back with
 * FreeLibrary and returns (wrong).
 *
 * When the application has already let go, the thread's FreeLibrary is the
 * last: it unmaps the driver, and returns into it, to the `return 0` that
 * is the driver's code (WRONG-FIXES.md, 2; exercise 05 is this bug alone).
 */
#include <windows.h>

#define REPORT_MS 5

static LONG volatile queries;       /* queries answered so far */
static LONG volatile last_reported; /* the count the last report sent */

static DWORD WINAPI report_statistics(LPVOID self) {
  LONG count = queries;
  Sleep(REPORT_MS); /* sending it */
  InterlockedExchange(&last_reported, count);
  /* The wrong fix's ending: give the reference back, then return. */
  FreeLibrary((HMODULE)self);
  return 0;
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

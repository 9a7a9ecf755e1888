/* Exercise 04, wrong fix: the reporting thread takes a reference on the
 * driver as the first thing it does, and gives it back with
 * FreeLibraryAndExitThread.
 *
 * The reference is right, the moment is not: the thread's first line runs
 * only once the thread has started, and the application may have unloaded
 * the driver before that.  Then the thread starts in a DLL that is gone,
 * before it can take anything (WRONG-FIXES.md, 1).
 */
#include <windows.h>

#define REPORT_MS 5

static LONG volatile queries;       /* queries answered so far */
static LONG volatile last_reported; /* the count the last report sent */

static DWORD WINAPI report_statistics(LPVOID unused) {
  (void)unused;
  /* The wrong fix: the thread takes its own reference, first thing. */
  HMODULE self;
  if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCWSTR)(void *)report_statistics,
                          &self))
    return 1;
  LONG count = queries;
  Sleep(REPORT_MS); /* sending it */
  InterlockedExchange(&last_reported, count);
  FreeLibraryAndExitThread(self, 0);
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  InterlockedIncrement(&queries);
  HANDLE reporter = CreateThread(NULL, 0, report_statistics, NULL, 0, NULL);
  if (reporter) CloseHandle(reporter);
  return 1;
}

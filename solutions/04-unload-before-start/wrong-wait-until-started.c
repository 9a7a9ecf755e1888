/* Exercise 04, wrong fix: the query waits until the reporting thread has
 * started before it returns.
 *
 * That closes the window this exercise began with: the thread can no
 * longer start in an unloaded driver.  But "started" is not "finished".
 * The thread is still sending its report (5 ms) when the application
 * unloads the driver; when its Sleep returns, it returns into the
 * unmapped driver (WRONG-FIXES.md, 3).
 */
#include <windows.h>

#define REPORT_MS 5

static LONG volatile queries;       /* queries answered so far */
static HANDLE started;              /* set by each reporting thread when it runs */
static LONG volatile last_reported; /* the count the last report sent */

static DWORD WINAPI report_statistics(LPVOID unused) {
  (void)unused;
  SetEvent(started);
  LONG count = queries;
  Sleep(REPORT_MS); /* sending it */
  InterlockedExchange(&last_reported, count);
  return 0;
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  InterlockedIncrement(&queries);
  /* The wrong fix: return only once the reporting thread has started, so
   * that it cannot start in an unloaded driver.  (The event is created on
   * the first query; the programs of this exercise make their queries one
   * at a time.) */
  if (!started) started = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE reporter = CreateThread(NULL, 0, report_statistics, NULL, 0, NULL);
  if (reporter) {
    WaitForSingleObject(started, INFINITE);
    CloseHandle(reporter);
  }
  return 1;
}

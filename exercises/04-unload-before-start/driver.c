/* The DLL of exercise 04 (read README.md first): a driver that reports its
 * statistics in the background.
 *
 * After each query the driver starts a thread that sends the driver's
 * statistics to a monitoring server (here: it takes 5 ms and remembers
 * what it sent), and does not wait for it: the query returns at once, and
 * the thread's handle is closed, because nobody needs to join it.
 *
 * The thread's start routine is the driver's code.  A new thread starts
 * when the scheduler gets to it, and the application may unload the
 * driver before that: then the thread starts in a DLL that is gone.
 *
 * The export: int driver_query(const char *sql) returns the number of
 * rows, always 1 here.
 */
#include <windows.h>

#define REPORT_MS 5

static LONG volatile queries;       /* queries answered so far */
static LONG volatile last_reported; /* the count the last report sent */

static DWORD WINAPI report_statistics(LPVOID unused) {
  (void)unused;
  LONG count = queries;
  Sleep(REPORT_MS); /* sending it */
  InterlockedExchange(&last_reported, count);
  return 0;
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  InterlockedIncrement(&queries);
  /* Fire and forget: the query does not wait for the report. */
  HANDLE reporter = CreateThread(NULL, 0, report_statistics, NULL, 0, NULL);
  if (reporter) CloseHandle(reporter);
  return 1;
}

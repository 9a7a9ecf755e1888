/* Lesson 4: a short-lived thread comes and goes while the main thread asks
 * for a report. */
#include <windows.h>
#include <stdio.h>

typedef void (*report_fn)(void);

static DWORD WINAPI short_job(LPVOID arg) {
  (void)arg;
  return 0;
}

int main(void) {
  HMODULE stats = LoadLibraryA("stats.dll");
  if (!stats) return 1;
  report_fn report = (report_fn)(void *)GetProcAddress(stats, "stats_report");
  if (!report) return 1;
  HANDLE job = CreateThread(NULL, 0, short_job, NULL, 0, NULL);
  report();
  WaitForSingleObject(job, INFINITE);
  CloseHandle(job);
  FreeLibrary(stats);
  return 0;
}

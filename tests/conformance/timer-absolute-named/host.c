/* Conformance probe: waitable timers, named and absolute.
 *
 * A timer can have a name: creating it again opens the same timer
 * (ERROR_ALREADY_EXISTS), so setting it through one handle and waiting
 * through the other works.  A positive due time is an absolute FILETIME
 * (SetWaitableTimer's documentation): one already past signals the timer at
 * once, one 50 ms from now signals it then, and one an hour from now does
 * not signal it within 100 ms.  (A negative due time is relative.)  The
 * simulator's system time is virtual (it starts at 2024-01-01 and moves
 * with virtual time); Windows' is the wall clock. */
#include <stdio.h>
#include <windows.h>

static LONGLONG now_filetime(void) {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  return (LONGLONG)(((ULONGLONG)ft.dwHighDateTime << 32) | ft.dwLowDateTime);
}

static const char *wait_name(DWORD w) {
  return w == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : w == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "failed";
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HANDLE a = CreateWaitableTimerA(NULL, TRUE, "loaderlab-probe-timer");
  printf("create: error %lu\n", GetLastError());
  HANDLE b = CreateWaitableTimerA(NULL, TRUE, "loaderlab-probe-timer");
  printf("create again: error %lu\n", GetLastError());

  LARGE_INTEGER due;
  due.QuadPart = now_filetime() - 10LL * 1000 * 10000; /* 10 s ago */
  SetWaitableTimer(a, &due, 0, NULL, NULL, FALSE);
  printf("absolute, 10 s ago: %s at once\n", wait_name(WaitForSingleObject(b, 0)));

  due.QuadPart = now_filetime() + 60LL * 60 * 1000 * 10000; /* in an hour */
  SetWaitableTimer(a, &due, 0, NULL, NULL, FALSE);
  printf("absolute, in an hour: %s within 100 ms\n", wait_name(WaitForSingleObject(b, 100)));

  due.QuadPart = now_filetime() + 50LL * 10000; /* in 50 ms */
  SetWaitableTimer(a, &due, 0, NULL, NULL, FALSE);
  printf("absolute, in 50 ms: %s within 10 s\n", wait_name(WaitForSingleObject(b, 10000)));

  due.QuadPart = -50LL * 10000; /* relative: 50 ms */
  SetWaitableTimer(b, &due, 0, NULL, NULL, FALSE);
  const char *at_once = wait_name(WaitForSingleObject(a, 0));
  printf("relative, 50 ms: %s at once, %s within 10 s\n", at_once,
         wait_name(WaitForSingleObject(a, 10000)));

  CloseHandle(a);
  CloseHandle(b);
  return 0;
}

/* Two threads woken by the same jump of virtual time.  Main starts the
 * worker and sleeps first; the worker sleeps last, so after the jump it is
 * the thread that ran last.  Main asserts that the worker got there first.
 * Neither thread was running when the clock jumped, so letting main go
 * first preempts nobody: a search with no preemptions at all must find
 * the failed assert. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static volatile LONG g_first;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  Sleep(10);
  InterlockedCompareExchange(&g_first, 2, 0);
  return 0;
}

int main(void) {
  HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  Sleep(10);
  LONG first = InterlockedCompareExchange(&g_first, 1, 0);
  printf("%s woke first\n", first == 0 ? "main" : "the worker");
  assert(first == 2 && "the worker should have woken first");
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}

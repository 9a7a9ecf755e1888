/* When a critical section is released with waiters, the longest-waiting
 * one is woken to try again (sim/lock.c).  The main thread holds the
 * section while thread 3 and then thread 2 block on it (arrival order is
 * the opposite of creation order, so "lowest thread number first" would
 * fail), then leaves it and takes no part any more: the woken waiter is
 * the only thread that can take the section, so thread 3 gets it first,
 * then thread 2, in every schedule.  A waiter arrives when the main
 * thread lets it go and sleeps: virtual time passes only once it is
 * blocked. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static CRITICAL_SECTION cs;
static HANDLE go[2];
static int order[2], entered;

static DWORD WINAPI waiter(LPVOID arg) {
  int me = (int)(INT_PTR)arg;
  WaitForSingleObject(go[me], INFINITE);
  EnterCriticalSection(&cs);
  order[entered++] = me + 2; /* waiter 0 is thread 2, waiter 1 thread 3 */
  LeaveCriticalSection(&cs);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&cs);
  HANDLE threads[2];
  for (int i = 0; i < 2; i++) go[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
  for (int i = 0; i < 2; i++) threads[i] = CreateThread(NULL, 0, waiter, (LPVOID)(INT_PTR)i, 0, NULL);
  EnterCriticalSection(&cs);
  SetEvent(go[1]); /* thread 3 arrives first */
  Sleep(10);
  SetEvent(go[0]); /* then thread 2 */
  Sleep(10);
  LeaveCriticalSection(&cs);
  WaitForMultipleObjects(2, threads, TRUE, INFINITE);
  printf("entered the section: thread %d, then thread %d\n", order[0], order[1]);
  assert(order[0] == 3 && order[1] == 2 && "the longest-waiting thread was not woken first");
  for (int i = 0; i < 2; i++) {
    CloseHandle(threads[i]);
    CloseHandle(go[i]);
  }
  DeleteCriticalSection(&cs);
  return 0;
}

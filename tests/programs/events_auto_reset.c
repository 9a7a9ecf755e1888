/* An auto-reset event set once releases exactly one of two waiters and is
 * unsignalled again afterwards; a second SetEvent releases the other.  The
 * assert states the rule, so exploring every schedule checks it. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_event;
static LONG g_released;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_event, INFINITE);
  InterlockedIncrement(&g_released);
  return 0;
}

int main(void) {
  g_event = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE threads[2];
  threads[0] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  threads[1] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  SetEvent(g_event);
  /* Virtual time passes only when no thread can run, so after this sleep
   * every waiter the event released has counted itself. */
  Sleep(100);
  LONG after_one = InterlockedCompareExchange(&g_released, 0, 0);
  DWORD state = WaitForSingleObject(g_event, 0);
  printf("released by one SetEvent: %ld\n", after_one);
  printf("event afterwards: %s\n", state == WAIT_TIMEOUT ? "not signalled" : "signalled");
  assert(after_one == 1 && state == WAIT_TIMEOUT);
  SetEvent(g_event);
  WaitForMultipleObjects(2, threads, TRUE, INFINITE);
  printf("released by two SetEvents: %ld\n", g_released);
  CloseHandle(threads[0]);
  CloseHandle(threads[1]);
  CloseHandle(g_event);
  return 0;
}

/* A manual-reset event set once releases every waiter and stays signalled
 * until ResetEvent. */
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
  g_event = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE threads[3];
  for (int i = 0; i < 3; i++) threads[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  SetEvent(g_event);
  WaitForMultipleObjects(3, threads, TRUE, INFINITE);
  DWORD after_set = WaitForSingleObject(g_event, 0);
  ResetEvent(g_event);
  DWORD after_reset = WaitForSingleObject(g_event, 0);
  printf("released by one SetEvent: %ld\n", g_released);
  printf("after the waiters: %s\n", after_set == WAIT_OBJECT_0 ? "signalled" : "not signalled");
  printf("after ResetEvent: %s\n", after_reset == WAIT_OBJECT_0 ? "signalled" : "not signalled");
  assert(g_released == 3 && after_set == WAIT_OBJECT_0 && after_reset == WAIT_TIMEOUT);
  for (int i = 0; i < 3; i++) CloseHandle(threads[i]);
  CloseHandle(g_event);
  return 0;
}

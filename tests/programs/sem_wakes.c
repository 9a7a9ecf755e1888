/* ReleaseSemaphore(n) with more than n waiters blocked releases exactly n
 * of them, in every schedule. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_sem;
static LONG g_released;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_sem, INFINITE);
  InterlockedIncrement(&g_released);
  return 0;
}

int main(void) {
  g_sem = CreateSemaphoreA(NULL, 0, 3, NULL);
  HANDLE t[3];
  for (int i = 0; i < 3; i++) t[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  ReleaseSemaphore(g_sem, 2, NULL);
  Sleep(100); /* until every released waiter has counted itself */
  LONG released = InterlockedCompareExchange(&g_released, 0, 0);
  printf("released by a count of 2: %ld\n", released);
  assert(released == 2);
  ReleaseSemaphore(g_sem, 1, NULL);
  WaitForMultipleObjects(3, t, TRUE, INFINITE);
  for (int i = 0; i < 3; i++) CloseHandle(t[i]);
  CloseHandle(g_sem);
  return 0;
}

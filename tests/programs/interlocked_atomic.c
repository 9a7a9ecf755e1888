/* The same count as interlocked_racy.c with InterlockedIncrement: no
 * schedule loses an update. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static LONG g_counter;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  for (int i = 0; i < 2; i++) InterlockedIncrement(&g_counter);
  return 0;
}

int main(void) {
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("counter %ld\n", g_counter);
  assert(g_counter == 4);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

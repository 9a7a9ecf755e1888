/* A non-atomic increment: each worker reads the counter, reaches a
 * scheduling point, and writes back what it read plus one.  If the other
 * worker runs in between (one preemption), an update is lost and main's
 * assert fails; without preemptions every worker runs to the end alone and
 * the count is right. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static LONG g_counter;
static LONG g_calls;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  LONG seen = g_counter;
  InterlockedIncrement(&g_calls); /* any Win32 call lets another thread run here */
  g_counter = seen + 1;
  return 0;
}

int main(void) {
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("counter %ld\n", g_counter);
  assert(g_counter == 2);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

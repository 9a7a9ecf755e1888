/* replay_racy.c edited: the workers call InterlockedExchangeAdd(&g_calls, 1)
 * where replay_racy.c calls InterlockedIncrement(&g_calls).  Both do the
 * same, so a schedule recorded on replay_racy.c replays identically up to
 * its first choice that picks a worker at that call, where it diverges. */
#include <windows.h>
#include <assert.h>
#include <stdint.h>
#include <stdio.h>

static LONG g_counter;
static LONG g_calls;

static DWORD WINAPI worker(LPVOID arg) {
  int me = (int)(uintptr_t)arg;
  for (int i = 0; i < 2; i++) {
    LONG seen = g_counter;
    InterlockedExchangeAdd(&g_calls, 1);
    g_counter = seen + 1;
    printf("worker %d wrote %ld\n", me, seen + 1);
  }
  return 0;
}

int main(void) {
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, worker, (LPVOID)(uintptr_t)1, 0, NULL);
  t[1] = CreateThread(NULL, 0, worker, (LPVOID)(uintptr_t)2, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("counter %ld\n", g_counter);
  assert(g_counter == 4);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

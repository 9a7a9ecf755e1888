/* replay_racy.c edited: main makes one more call (SwitchToThread) after the
 * workers are gone.  Every recorded choice of a replay_racy.c schedule
 * still fits, but the run is one step longer than the recorded one. */
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
    InterlockedIncrement(&g_calls);
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
  SwitchToThread();
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

/* A racy program with many different schedules: two workers each make two
 * non-atomic increments (read, a scheduling point, write) and print what
 * they wrote; main asserts the total, which fails when an update is lost.
 * replay_racy_edited.c and replay_racy_longer.c are edits of this file. */
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
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

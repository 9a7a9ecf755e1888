/* Two threads print lines with scheduling points between them, so the
 * lines interleave as the schedule says; stderr lines are interleaved
 * with them in the trace but kept in their own stream. */
#include <windows.h>
#include <stdint.h>
#include <stdio.h>

static LONG g_points;

static DWORD WINAPI worker(LPVOID arg) {
  int me = (int)(uintptr_t)arg;
  for (int i = 0; i < 3; i++) {
    printf("worker %d line %d\n", me, i);
    if (i == 1) fprintf(stderr, "worker %d note\n", me);
    InterlockedIncrement(&g_points);
  }
  return 0;
}

int main(void) {
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, worker, (LPVOID)(uintptr_t)1, 0, NULL);
  t[1] = CreateThread(NULL, 0, worker, (LPVOID)(uintptr_t)2, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  puts("main done");
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

/* Sleeping threads wake in the order of their deadlines, each at its own
 * virtual time, whatever order they went to sleep in. */
#include <windows.h>
#include <assert.h>
#include <stdint.h>
#include <stdio.h>

static DWORD WINAPI sleeper(LPVOID arg) {
  DWORD ms = (DWORD)(uintptr_t)arg;
  Sleep(ms);
  ULONGLONG now = GetTickCount64();
  printf("slept %lu ms, woke at %llu\n", ms, now);
  assert(now == ms);
  return 0;
}

int main(void) {
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, sleeper, (LPVOID)(uintptr_t)300, 0, NULL);
  t[1] = CreateThread(NULL, 0, sleeper, (LPVOID)(uintptr_t)100, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

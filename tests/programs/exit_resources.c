/* The resource report at process end lists the threads ExitProcess had to
 * terminate, with their start routines (and names): here a sleeper and a
 * named pump are terminated, while a worker that finished on its own
 * before the exit is not listed. */
#include <windows.h>
#include <stdio.h>

static HANDLE never, ready[2];

static DWORD WINAPI sleeper(LPVOID arg) {
  (void)arg;
  SetEvent(ready[0]);
  Sleep(INFINITE);
  return 0;
}

static DWORD WINAPI pump(LPVOID arg) {
  (void)arg;
  SetEvent(ready[1]);
  WaitForSingleObject(never, INFINITE);
  return 0;
}

static DWORD WINAPI finishes(LPVOID arg) {
  (void)arg;
  return 0;
}

int main(void) {
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  ready[0] = CreateEventA(NULL, TRUE, FALSE, NULL);
  ready[1] = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE done = CreateThread(NULL, 0, finishes, NULL, 0, NULL);
  WaitForSingleObject(done, INFINITE);
  CloseHandle(done);
  CloseHandle(CreateThread(NULL, 0, sleeper, NULL, 0, NULL));
  HANDLE p = CreateThread(NULL, 0, pump, NULL, 0, NULL);
  SetThreadDescription(p, L"pump");
  CloseHandle(p);
  WaitForMultipleObjects(2, ready, TRUE, INFINITE);
  puts("main returns");
  return 0;
}

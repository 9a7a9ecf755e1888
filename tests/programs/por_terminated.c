/* The main thread terminates a worker that is ready to crash: in the
 * schedules where the worker runs first it crashes, in the others it is
 * gone before it can.  A reduced search must find the crash
 * (tests/unit/test_reduction.c): TerminateThread takes a ready thread's
 * next step away, so that step must also run before it somewhere. */
#include <windows.h>

static int *volatile nowhere;

static DWORD WINAPI crasher(LPVOID arg) {
  (void)arg;
  *nowhere = 1;
  return 0;
}

int main(void) {
  HANDLE t = CreateThread(NULL, 0, crasher, NULL, 0, NULL);
  TerminateThread(t, 3);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}

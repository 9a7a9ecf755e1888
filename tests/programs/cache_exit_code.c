/* State cache: the runs differ only in the exit codes of the two threads,
 * which stay readable through their handles. */
#include <windows.h>
#include <stdio.h>

static volatile LONG first;

static DWORD WINAPI racer(LPVOID param) {
  LONG me = (LONG)(INT_PTR)param;
  return InterlockedCompareExchange(&first, me, 0) == 0 ? 10 : 20;
}

int main(void) {
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)1, 0, NULL);
  t[1] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)2, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  first = 0;
  Sleep(1);
  DWORD code = 0;
  GetExitCodeThread(t[0], &code);
  printf("thread 1 exited with %lu\n", (unsigned long)code);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

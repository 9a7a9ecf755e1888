/* Reading the clock for a timestamp is free: one read between other calls
 * is no scheduling point and moves no time, and a zero-timeout wait that
 * succeeds is no spin either. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HANDLE e = CreateEventA(NULL, TRUE, TRUE, NULL);
  ULONGLONG t0 = GetTickCount64();
  for (int i = 0; i < 100; i++) {
    WaitForSingleObject(e, 0);
    SetEvent(e);
    GetTickCount64();
  }
  printf("elapsed %llu ms\n", GetTickCount64() - t0);
  CloseHandle(e);
  return 0;
}

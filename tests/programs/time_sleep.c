/* Virtual time: GetTickCount64 starts at 0, Sleep moves it by exactly its
 * duration, and a wait that times out returns WAIT_TIMEOUT after exactly
 * its timeout. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  ULONGLONG start = GetTickCount64();
  Sleep(250);
  ULONGLONG after_sleep = GetTickCount64();
  HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);
  DWORD r = WaitForSingleObject(never, 500);
  ULONGLONG after_wait = GetTickCount64();
  printf("start %llu, after Sleep(250) %llu\n", start, after_sleep);
  printf("wait for 500 ms on an unset event: %s at %llu\n",
         r == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "not a timeout", after_wait);
  CloseHandle(never);
  return 0;
}

/* Sleep(0) gives the rest of the turn to another ready thread: with the
 * default schedule the worker created just before runs first. */
#include <windows.h>
#include <stdio.h>

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  puts("worker");
  return 0;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  Sleep(0);
  puts("main");
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  return 0;
}

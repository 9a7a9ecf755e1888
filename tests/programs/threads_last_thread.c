/* The main thread may end with ExitThread while another thread still runs;
 * the process lives on, and when the last thread exits the process exits
 * with that thread's exit code. */
#include <windows.h>
#include <stdio.h>

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  Sleep(50);
  puts("worker outlived main");
  return 5;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  CloseHandle(h);
  ExitThread(0);
}

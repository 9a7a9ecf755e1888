/* The main thread leaves with ExitThread; the last thread then terminates
 * itself: the process ends with that exit code. */
#include <windows.h>

static HANDLE self_handle;

static DWORD WINAPI last(LPVOID arg) {
  (void)arg;
  Sleep(10);
  TerminateThread(self_handle, 4);
  return 0;
}

int main(void) {
  self_handle = CreateThread(NULL, 0, last, NULL, 0, NULL);
  ExitThread(0);
}

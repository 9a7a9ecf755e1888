/* main and its worker exit at about the same time, and each DLL_THREAD_DETACH
 * of log.dll is a scheduling point (it prints and yields with Sleep(0)),
 * so in some schedules both threads are past the "am I the last thread?"
 * check before either is gone.  Whichever ends last still ends the
 * process: it is never left as a process without threads. */
#include <windows.h>
#include <stdio.h>

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  return 7;
}

int main(void) {
  LoadLibraryA("yielding.dll");
  CloseHandle(CreateThread(NULL, 0, worker, NULL, 0, NULL));
  ExitThread(0);
}

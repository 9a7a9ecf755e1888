/* ExitThread ends the calling thread at once with the given exit code:
 * nothing after it runs, and GetExitCodeThread reports the code. */
#include <windows.h>
#include <stdio.h>

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  puts("worker: before ExitThread");
  ExitThread(7);
  puts("worker: after ExitThread"); /* never printed */
  return 1;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(h, &code);
  printf("exit code %lu\n", code);
  CloseHandle(h);
  return 0;
}

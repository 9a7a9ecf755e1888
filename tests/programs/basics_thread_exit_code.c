/* A thread's exit code is what its start routine returned, and its handle
 * is signalled when it ends. */
#include <windows.h>
#include <stdio.h>

static DWORD WINAPI worker(LPVOID arg) { return (DWORD)(uintptr_t)arg * 2; }

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, (LPVOID)21, 0, NULL);
  DWORD code = 0;
  GetExitCodeThread(h, &code);
  printf("before: %s\n", code == STILL_ACTIVE ? "STILL_ACTIVE" : "ended");
  WaitForSingleObject(h, INFINITE);
  GetExitCodeThread(h, &code);
  printf("after: %lu\n", code);
  CloseHandle(h);
  return 0;
}

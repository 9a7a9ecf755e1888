/* CloseHandle on a thread's handle does not stop the thread: it runs to the
 * end.  Closing the same handle again fails with ERROR_INVALID_HANDLE. */
#include <windows.h>
#include <stdio.h>

static HANDLE g_done;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  puts("worker ran to the end");
  SetEvent(g_done);
  return 0;
}

int main(void) {
  g_done = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  printf("thread handle %#lx\n", (unsigned long)(ULONG_PTR)h);
  BOOL closed = CloseHandle(h);
  WaitForSingleObject(g_done, INFINITE);
  printf("first close: %d\n", closed);
  BOOL again = CloseHandle(h);
  DWORD error = GetLastError();
  printf("second close: %d, error %lu\n", again, error);
  CloseHandle(g_done);
  return 0;
}

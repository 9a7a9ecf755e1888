/* A mutex is recursive: its owner may wait on it again without blocking,
 * and other threads can take it only after as many ReleaseMutex calls as
 * waits.  One release too many fails with ERROR_NOT_OWNER. */
#include <windows.h>
#include <stdio.h>

static HANDLE g_mutex;

static const char *label(DWORD r) {
  return r == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : r == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "other";
}

static DWORD WINAPI try_take(LPVOID arg) {
  (void)arg;
  DWORD r = WaitForSingleObject(g_mutex, 0);
  if (r == WAIT_OBJECT_0) ReleaseMutex(g_mutex);
  return r;
}

/* What another thread's WaitForSingleObject(g_mutex, 0) returns now. */
static DWORD other_thread_tries(void) {
  HANDLE h = CreateThread(NULL, 0, try_take, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(h, &code);
  CloseHandle(h);
  return code;
}

int main(void) {
  g_mutex = CreateMutexA(NULL, FALSE, NULL);
  DWORD first = WaitForSingleObject(g_mutex, INFINITE);
  DWORD second = WaitForSingleObject(g_mutex, INFINITE);
  printf("owner waits twice: %s, %s\n", label(first), label(second));
  ReleaseMutex(g_mutex);
  printf("after one release, another thread gets %s\n", label(other_thread_tries()));
  ReleaseMutex(g_mutex);
  printf("after two releases, another thread gets %s\n", label(other_thread_tries()));
  BOOL third = ReleaseMutex(g_mutex);
  DWORD error = GetLastError();
  printf("a third release: %d, error %lu\n", third, error);
  CloseHandle(g_mutex);
  return 0;
}

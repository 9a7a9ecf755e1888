/* A thread that exits while it owns a mutex abandons it: the next wait
 * returns WAIT_ABANDONED and makes the waiter the owner, and after that
 * the mutex behaves normally again. */
#include <windows.h>
#include <stdio.h>

static HANDLE g_mutex;

static const char *label(DWORD r) {
  return r == WAIT_OBJECT_0    ? "WAIT_OBJECT_0"
         : r == WAIT_ABANDONED ? "WAIT_ABANDONED"
         : r == WAIT_TIMEOUT   ? "WAIT_TIMEOUT"
                               : "other";
}

static DWORD WINAPI owner_exits(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_mutex, INFINITE);
  return 0; /* without ReleaseMutex */
}

int main(void) {
  g_mutex = CreateMutexA(NULL, FALSE, NULL);
  HANDLE h = CreateThread(NULL, 0, owner_exits, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  DWORD first = WaitForSingleObject(g_mutex, INFINITE);
  BOOL released = ReleaseMutex(g_mutex);
  DWORD second = WaitForSingleObject(g_mutex, 0);
  ReleaseMutex(g_mutex);
  printf("after the owner exited: %s; the waiter owns it: %d; next wait: %s\n", label(first),
         released, label(second));
  CloseHandle(h);
  CloseHandle(g_mutex);
  return 0;
}

/* A thread blocked on a mutex when its owner exits is woken with
 * WAIT_ABANDONED, in every schedule. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_mutex, g_taken, g_go;

static DWORD WINAPI owner_exits(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_mutex, INFINITE);
  SetEvent(g_taken);
  WaitForSingleObject(g_go, INFINITE);
  return 0; /* without ReleaseMutex */
}

int main(void) {
  g_mutex = CreateMutexA(NULL, FALSE, NULL);
  g_taken = CreateEventA(NULL, TRUE, FALSE, NULL);
  g_go = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE h = CreateThread(NULL, 0, owner_exits, NULL, 0, NULL);
  WaitForSingleObject(g_taken, INFINITE);
  SetEvent(g_go);
  DWORD r = WaitForSingleObject(g_mutex, INFINITE);
  printf("%s\n", r == WAIT_ABANDONED ? "WAIT_ABANDONED" : "not abandoned");
  assert(r == WAIT_ABANDONED);
  ReleaseMutex(g_mutex);
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  CloseHandle(g_go);
  CloseHandle(g_taken);
  CloseHandle(g_mutex);
  return 0;
}

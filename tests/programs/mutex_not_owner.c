/* A mutex created with bInitialOwner belongs to its creator: another thread
 * cannot take it, and its ReleaseMutex fails with ERROR_NOT_OWNER and
 * leaves the mutex with its owner. */
#include <windows.h>
#include <stdio.h>

static HANDLE g_mutex;

static DWORD WINAPI intruder(LPVOID arg) {
  (void)arg;
  DWORD wait = WaitForSingleObject(g_mutex, 0);
  BOOL released = ReleaseMutex(g_mutex);
  DWORD error = GetLastError();
  printf("other thread: wait %s, release %d, error %lu\n",
         wait == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "WAIT_OBJECT_0", released, error);
  return 0;
}

int main(void) {
  g_mutex = CreateMutexA(NULL, TRUE, NULL);
  HANDLE h = CreateThread(NULL, 0, intruder, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  BOOL released = ReleaseMutex(g_mutex);
  printf("owner: release %d\n", released);
  CloseHandle(h);
  CloseHandle(g_mutex);
  return 0;
}

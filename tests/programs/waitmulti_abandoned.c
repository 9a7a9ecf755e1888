/* A wait-any that is satisfied by an abandoned mutex returns
 * WAIT_ABANDONED_0 plus the mutex's index. */
#include <windows.h>
#include <stdio.h>

static HANDLE g_mutex;

static DWORD WINAPI owner_exits(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_mutex, INFINITE);
  return 0;
}

int main(void) {
  HANDLE objects[3];
  objects[0] = CreateEventA(NULL, TRUE, FALSE, NULL);
  objects[1] = CreateEventA(NULL, TRUE, FALSE, NULL);
  objects[2] = g_mutex = CreateMutexA(NULL, FALSE, NULL);
  HANDLE h = CreateThread(NULL, 0, owner_exits, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  DWORD r = WaitForMultipleObjects(3, objects, FALSE, INFINITE);
  if (r >= WAIT_ABANDONED_0 && r < WAIT_ABANDONED_0 + 3)
    printf("WAIT_ABANDONED_0+%lu\n", r - WAIT_ABANDONED_0);
  else
    printf("other: %lu\n", r);
  ReleaseMutex(g_mutex);
  CloseHandle(h);
  for (int i = 0; i < 3; i++) CloseHandle(objects[i]);
  return 0;
}

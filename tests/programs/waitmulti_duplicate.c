/* A wait-any may name the same handle twice (only a wait-all may not); when
 * the object is signalled while the thread is blocked, the wait returns the
 * lower index, once. */
#include <windows.h>
#include <stdio.h>

static HANDLE g_event;

static DWORD WINAPI setter(LPVOID arg) {
  (void)arg;
  Sleep(10); /* main blocks first */
  SetEvent(g_event);
  return 0;
}

int main(void) {
  g_event = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE h = CreateThread(NULL, 0, setter, NULL, 0, NULL);
  HANDLE twice[2] = {g_event, g_event};
  DWORD r = WaitForMultipleObjects(2, twice, FALSE, INFINITE);
  printf("WAIT_OBJECT_0+%lu\n", r - WAIT_OBJECT_0);
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  CloseHandle(g_event);
  return 0;
}

/* A wait with a timeout that is satisfied earlier returns WAIT_OBJECT_0 at
 * the moment of the signal, not at its timeout. */
#include <windows.h>
#include <stdio.h>

static HANDLE g_event;

static DWORD WINAPI setter(LPVOID arg) {
  (void)arg;
  Sleep(100);
  SetEvent(g_event);
  return 0;
}

int main(void) {
  g_event = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE h = CreateThread(NULL, 0, setter, NULL, 0, NULL);
  DWORD r = WaitForSingleObject(g_event, 1000);
  ULONGLONG now = GetTickCount64();
  printf("%s at %llu\n", r == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "not signalled", now);
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  CloseHandle(g_event);
  return 0;
}

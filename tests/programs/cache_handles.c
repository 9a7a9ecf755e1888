/* State cache: the runs differ only in the order in which the two threads
 * closed their events, so in which handle value the next objects get.
 * The threads start only once both exist, so that no handle is made
 * between the two closes. */
#include <windows.h>
#include <stdio.h>

static HANDLE ev[2];

static DWORD WINAPI closer(LPVOID param) {
  CloseHandle(ev[(INT_PTR)param]);
  return 0;
}

int main(void) {
  ev[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
  ev[1] = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, closer, (LPVOID)(INT_PTR)0, CREATE_SUSPENDED, NULL);
  t[1] = CreateThread(NULL, 0, closer, (LPVOID)(INT_PTR)1, CREATE_SUSPENDED, NULL);
  ResumeThread(t[0]);
  ResumeThread(t[1]);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  Sleep(1);
  /* Handles are reused most recently closed first: the first new handle
   * that reuses an event's slot tells which event was closed last. */
  HANDLE h[4];
  int which = 0;
  for (int i = 0; i < 4; i++) {
    h[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
    if (!which) which = h[i] == ev[0] ? 1 : h[i] == ev[1] ? 2 : 0;
  }
  printf("event %d was closed last\n", which);
  for (int i = 0; i < 4; i++) CloseHandle(h[i]);
  return 0;
}

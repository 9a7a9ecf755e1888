/* A thread waiting on an auto-reset event is terminated while another
 * thread sets the event: if the set comes first, the waiter takes the
 * signal with it; if the termination comes first, the event stays
 * signalled.  The main thread prints which; the reduced complete search
 * must reach both outputs (tests/unit/test_reduction.c), and taking a
 * waiter off an object counts as touching the object (kernel/wait.c). */
#include <windows.h>
#include <stdio.h>

static HANDLE event;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(event, INFINITE);
  return 0;
}

static DWORD WINAPI setter(LPVOID arg) {
  (void)arg;
  SetEvent(event);
  return 0;
}

int main(void) {
  event = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE w = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  Sleep(1); /* the waiter is waiting */
  HANDLE s = CreateThread(NULL, 0, setter, NULL, 0, NULL);
  TerminateThread(w, 1);
  WaitForSingleObject(s, INFINITE);
  printf("%s\n", WaitForSingleObject(event, 0) == WAIT_OBJECT_0 ? "still signalled" : "taken");
  return 0;
}

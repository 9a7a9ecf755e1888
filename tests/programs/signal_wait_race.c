/* Why SignalObjectAndWait exists: the waiter says "ready" and then waits
 * for a PulseEvent.  With SetEvent then WaitForSingleObject, the pulse can
 * come between the two and be missed: the waiter waits forever.  With
 * ATOMIC, SignalObjectAndWait leaves no such gap. */
#include <windows.h>
#include <stdio.h>

static HANDLE g_ready, g_go;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
#ifdef ATOMIC
  SignalObjectAndWait(g_ready, g_go, INFINITE, FALSE);
#else
  SetEvent(g_ready);
  WaitForSingleObject(g_go, INFINITE);
#endif
  return 0;
}

int main(void) {
  g_ready = CreateEventA(NULL, FALSE, FALSE, NULL);
  g_go = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE t = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  WaitForSingleObject(g_ready, INFINITE);
  PulseEvent(g_go);
  WaitForSingleObject(t, INFINITE);
  printf("the waiter got the pulse\n");
  CloseHandle(t);
  CloseHandle(g_ready);
  CloseHandle(g_go);
  return 0;
}

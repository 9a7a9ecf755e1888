/* WaitForMultipleObjects with bWaitAll is satisfied only when every object
 * is signalled, and a wait-all that is not satisfied takes nothing; one
 * that is takes every object. */
#include <windows.h>
#include <stdio.h>

static const char *label(DWORD r) {
  return r == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : r == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "other";
}

int main(void) {
  HANDLE ev[2];
  ev[0] = CreateEventA(NULL, FALSE, FALSE, NULL);
  ev[1] = CreateEventA(NULL, FALSE, FALSE, NULL);
  SetEvent(ev[0]);
  printf("one of two set: %s\n", label(WaitForMultipleObjects(2, ev, TRUE, 0)));
  printf("the set one is still set: %s\n", label(WaitForSingleObject(ev[0], 0)));
  SetEvent(ev[0]);
  SetEvent(ev[1]);
  printf("both set: %s\n", label(WaitForMultipleObjects(2, ev, TRUE, 0)));
  printf("afterwards: %s, %s\n", label(WaitForSingleObject(ev[0], 0)),
         label(WaitForSingleObject(ev[1], 0)));
  CloseHandle(ev[0]);
  CloseHandle(ev[1]);
  return 0;
}

/* bInitialState: an event created signalled satisfies a wait at once; an
 * auto-reset one only the first wait, a manual-reset one every wait. */
#include <windows.h>
#include <stdio.h>

static const char *label(DWORD r) {
  return r == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : r == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "other";
}

int main(void) {
  HANDLE a = CreateEventA(NULL, FALSE, TRUE, NULL);
  HANDLE m = CreateEventA(NULL, TRUE, TRUE, NULL);
  HANDLE n = CreateEventA(NULL, TRUE, FALSE, NULL);
  DWORD a1 = WaitForSingleObject(a, 0), a2 = WaitForSingleObject(a, 0);
  DWORD m1 = WaitForSingleObject(m, 0), m2 = WaitForSingleObject(m, 0);
  DWORD n1 = WaitForSingleObject(n, 0);
  printf("auto reset, signalled: %s then %s\n", label(a1), label(a2));
  printf("manual reset, signalled: %s then %s\n", label(m1), label(m2));
  printf("not signalled: %s\n", label(n1));
  CloseHandle(a);
  CloseHandle(m);
  CloseHandle(n);
  return 0;
}

/* WaitForMultipleObjects without bWaitAll returns the lowest index that is
 * signalled, and takes only that object: other signalled auto-reset events
 * stay signalled for the next wait. */
#include <windows.h>
#include <stdio.h>

static void print_result(const char *what, DWORD r) {
  if (r == WAIT_TIMEOUT) printf("%s: WAIT_TIMEOUT\n", what);
  else printf("%s: WAIT_OBJECT_0+%lu\n", what, r - WAIT_OBJECT_0);
}

int main(void) {
  HANDLE manual[4], autos[3];
  for (int i = 0; i < 4; i++) manual[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
  for (int i = 0; i < 3; i++) autos[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
  SetEvent(manual[3]);
  SetEvent(manual[1]);
  print_result("manual 1 and 3 set", WaitForMultipleObjects(4, manual, FALSE, 0));
  SetEvent(autos[2]);
  SetEvent(autos[0]);
  print_result("auto 0 and 2 set, first wait", WaitForMultipleObjects(3, autos, FALSE, 0));
  print_result("second wait", WaitForMultipleObjects(3, autos, FALSE, 0));
  print_result("third wait", WaitForMultipleObjects(3, autos, FALSE, 0));
  for (int i = 0; i < 4; i++) CloseHandle(manual[i]);
  for (int i = 0; i < 3; i++) CloseHandle(autos[i]);
  return 0;
}

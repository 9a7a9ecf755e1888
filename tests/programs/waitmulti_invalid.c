/* Invalid waits fail with WAIT_FAILED and say why in GetLastError: no
 * handles, more than MAXIMUM_WAIT_OBJECTS, the same object twice in a
 * wait-all, a closed handle among the others. */
#include <windows.h>
#include <stdio.h>

static void report(const char *what, DWORD r) {
  DWORD error = GetLastError();
  printf("%s: %s, error %lu\n", what, r == WAIT_FAILED ? "WAIT_FAILED" : "not failed", error);
}

int main(void) {
  HANDLE many[MAXIMUM_WAIT_OBJECTS + 1];
  HANDLE e = CreateEventA(NULL, TRUE, TRUE, NULL);
  for (int i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++) many[i] = e;
  report("no handles", WaitForMultipleObjects(0, many, FALSE, 0));
  report("65 handles", WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, many, FALSE, 0));
  report("one event twice, wait all", WaitForMultipleObjects(2, many, TRUE, 0));
  HANDLE closed = CreateEventA(NULL, TRUE, TRUE, NULL);
  CloseHandle(closed);
  HANDLE mixed[2] = {e, closed};
  report("a closed handle among two", WaitForMultipleObjects(2, mixed, FALSE, 0));
  CloseHandle(e);
  return 0;
}

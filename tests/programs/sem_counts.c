/* Semaphore counts: each wait takes one count and a wait at zero times out;
 * ReleaseSemaphore reports the previous count, and a release that would
 * pass the maximum fails with ERROR_TOO_MANY_POSTS and changes nothing;
 * an initial count above the maximum is an invalid parameter. */
#include <windows.h>
#include <stdio.h>

static const char *label(DWORD r) {
  return r == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : r == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "other";
}

int main(void) {
  HANDLE s = CreateSemaphoreA(NULL, 2, 3, NULL);
  DWORD w1 = WaitForSingleObject(s, 0), w2 = WaitForSingleObject(s, 0);
  DWORD w3 = WaitForSingleObject(s, 0);
  printf("count 2, three waits: %s, %s, %s\n", label(w1), label(w2), label(w3));

  LONG previous = -1;
  BOOL ok = ReleaseSemaphore(s, 3, &previous);
  printf("release 3 at count 0: %d, previous count %ld\n", ok, previous);

  LONG untouched = -1;
  BOOL over = ReleaseSemaphore(s, 1, &untouched);
  DWORD error = GetLastError();
  printf("release 1 at the maximum: %d, error %lu, previous count left %ld\n", over, error,
         untouched);

  int taken = 0;
  while (WaitForSingleObject(s, 0) == WAIT_OBJECT_0) taken++;
  printf("counts left after the failed release: %d\n", taken);

  HANDLE bad = CreateSemaphoreA(NULL, 4, 3, NULL);
  DWORD bad_error = GetLastError();
  printf("initial count above the maximum: %s, error %lu\n", bad ? "a handle" : "NULL", bad_error);
  CloseHandle(s);
  return 0;
}

/* Conformance probe: WaitOnAddress and WakeByAddressSingle/All.
 *
 * A value that already differs from the comparand returns TRUE at once;
 * an equal one sleeps until the timeout, FALSE with ERROR_TIMEOUT (1460);
 * a size other than 1, 2, 4 or 8 fails with ERROR_INVALID_PARAMETER (87).
 * Of two sleepers, WakeByAddressSingle wakes one and WakeByAddressAll the
 * other.  (The mingw build links -lsynchronization for these.)
 *
 * A sleeper counts itself just before it calls WaitOnAddress; the main
 * thread wakes only once both counted and another 200 ms passed, and then
 * polls for the effect, so a busy machine only makes the probe slower.
 */
#include <stdio.h>
#include <windows.h>

static volatile LONG value;
static volatile LONG woken, waiting;

/* Polls (up to ten seconds) until *value is at least want. */
static void await(volatile LONG *value, LONG want) {
  for (int i = 0; i < 1000 && InterlockedCompareExchange(value, 0, 0) < want; i++) Sleep(10);
}

static DWORD WINAPI sleeper(LPVOID arg) {
  (void)arg;
  LONG zero = 0;
  InterlockedIncrement(&waiting);
  WaitOnAddress(&value, &zero, sizeof zero, INFINITE);
  InterlockedIncrement(&woken);
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  LONG one = 1, zero = 0;
  BOOL r = WaitOnAddress(&value, &one, sizeof one, INFINITE);
  printf("main: the value differs: %s at once\n", r ? "TRUE" : "FALSE");
  SetLastError(0);
  r = WaitOnAddress(&value, &zero, sizeof zero, 30);
  printf("main: the value is equal, 30 ms: %s, error %lu\n", r ? "TRUE" : "FALSE", GetLastError());
  SetLastError(0);
  r = WaitOnAddress(&value, &zero, 3, 0);
  printf("main: size 3: %s, error %lu\n", r ? "TRUE" : "FALSE", GetLastError());

  HANDLE t[2];
  for (int i = 0; i < 2; i++) t[i] = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
  await(&waiting, 2);
  Sleep(200);
  WakeByAddressSingle((PVOID)&value);
  await(&woken, 1);
  Sleep(100); /* a second thread woken by mistake would show now */
  printf("main: WakeByAddressSingle woke %ld\n", woken);
  WakeByAddressAll((PVOID)&value);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("main: WakeByAddressAll woke the other %ld\n", woken - 1);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

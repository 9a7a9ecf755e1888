/* WaitOnAddress, one rule per line: a value that already differs returns
 * at once; an equal value sleeps until the timeout (FALSE, ERROR_TIMEOUT);
 * sizes other than 1, 2, 4 and 8 are refused; WakeByAddressSingle wakes
 * one sleeper and WakeByAddressAll the rest. */
#include <windows.h>
#include <stdio.h>

static volatile LONG g_value;
static volatile LONG g_woken;

static DWORD WINAPI sleeper(LPVOID arg) {
  (void)arg;
  LONG zero = 0;
  while (g_value == 0) WaitOnAddress(&g_value, &zero, sizeof zero, INFINITE);
  InterlockedIncrement(&g_woken);
  return 0;
}

static DWORD WINAPI wake_one(LPVOID arg) {
  (void)arg;
  LONG zero = 0;
  WaitOnAddress(&g_value, &zero, sizeof zero, INFINITE);
  InterlockedIncrement(&g_woken);
  return 0;
}

int main(void) {
  LONG one = 1, zero = 0;
  BOOL r = WaitOnAddress(&g_value, &one, sizeof one, INFINITE);
  printf("value differs: %s at once\n", r ? "TRUE" : "FALSE");
  SetLastError(0);
  r = WaitOnAddress(&g_value, &zero, sizeof zero, 30);
  printf("value equal, 30 ms: %s, error %lu\n", r ? "TRUE" : "FALSE", GetLastError());
  SetLastError(0);
  r = WaitOnAddress(&g_value, &zero, 3, 0);
  printf("size 3: %s, error %lu\n", r ? "TRUE" : "FALSE", GetLastError());

  HANDLE t[2];
  for (int i = 0; i < 2; i++) t[i] = CreateThread(NULL, 0, wake_one, NULL, 0, NULL);
  Sleep(100);
  WakeByAddressSingle((PVOID)&g_value);
  Sleep(100);
  printf("WakeByAddressSingle woke %ld\n", g_woken);
  WakeByAddressAll((PVOID)&g_value);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("WakeByAddressAll woke the other %ld\n", g_woken - 1);
  for (int i = 0; i < 2; i++) CloseHandle(t[i]);

  g_woken = 0;
  HANDLE s = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
  InterlockedExchange(&g_value, 1);
  WakeByAddressSingle((PVOID)&g_value);
  WaitForSingleObject(s, INFINITE);
  CloseHandle(s);
  printf("a sleeper that tests the value in a loop always sees the change: %ld\n", g_woken);
  return 0;
}

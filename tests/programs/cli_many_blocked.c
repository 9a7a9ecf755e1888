/* A thousand threads blocked forever on one event nobody sets, and main
 * waiting for the last of them: a deadlock whose report must still fit a
 * screen. */
#include <windows.h>

static HANDLE never;

static DWORD WINAPI sleeper(LPVOID unused) {
  (void)unused;
  WaitForSingleObject(never, INFINITE);
  return 0;
}

int main(void) {
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE last = NULL;
  for (int i = 0; i < 1000; i++) last = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
  WaitForSingleObject(last, INFINITE);
  return 0;
}

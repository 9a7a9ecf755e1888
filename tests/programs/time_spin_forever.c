/* Two threads poll for flags that nobody ever sets: they spin forever,
 * which is a hang (the step budget), not a deadlock and not a success. */
#include <windows.h>

static volatile LONG g_never;

static DWORD WINAPI spinner(LPVOID arg) {
  (void)arg;
  while (!g_never) Sleep(0);
  return 0;
}

int main(void) {
  HANDLE t = CreateThread(NULL, 0, spinner, NULL, 0, NULL);
  while (!g_never) SwitchToThread();
  WaitForSingleObject(t, INFINITE);
  return 0;
}

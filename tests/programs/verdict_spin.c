/* A worker loops forever without calling the Win32 API: no step ever ends,
 * so only the CPU watchdog can turn it into a hang verdict. */
#include <windows.h>

static volatile unsigned long g_spins;

static DWORD WINAPI spinner(LPVOID arg) {
  (void)arg;
  for (;;) g_spins++;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, spinner, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  return 0;
}

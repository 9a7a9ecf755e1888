/* A worker that yields forever: the run never ends, and the step budget
 * turns it into a hang verdict. */
#include <windows.h>

static DWORD WINAPI spinner(LPVOID arg) {
  (void)arg;
  for (;;) SwitchToThread();
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, spinner, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  return 0;
}

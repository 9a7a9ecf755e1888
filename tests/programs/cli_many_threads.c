/* A thousand threads, each blocked forever on its own event, and a
 * thousand handles left open at exit: the end-of-run report must still
 * fit a screen. */
#include <windows.h>

static DWORD WINAPI sleeper(LPVOID event) {
  WaitForSingleObject((HANDLE)event, INFINITE);
  return 0;
}

int main(void) {
  for (int i = 0; i < 1000; i++) {
    HANDLE e = CreateEventA(NULL, FALSE, FALSE, NULL);
    CreateThread(NULL, 0, sleeper, e, 0, NULL);
  }
  return 0;
}

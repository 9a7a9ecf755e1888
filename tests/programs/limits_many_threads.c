/* Creates threads in a loop, more than the run allows alive at once: every
 * thread waits for main's event, so none has exited when the limit is
 * reached, whatever the schedule. */
#include <windows.h>
#include <stdio.h>

static HANDLE go;

static DWORD WINAPI idle(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(go, INFINITE);
  return 0;
}

int main(void) {
  go = CreateEventA(NULL, TRUE, FALSE, NULL);
  for (int i = 0; i < 100; i++) {
    HANDLE h = CreateThread(NULL, 0, idle, NULL, 0, NULL);
    if (!h) {
      printf("CreateThread failed at %d\n", i);
      return 1;
    }
    CloseHandle(h);
  }
  SetEvent(go);
  return 0;
}

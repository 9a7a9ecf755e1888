/* Creates threads in a loop, more than the run allows. */
#include <windows.h>
#include <stdio.h>

static DWORD WINAPI idle(LPVOID arg) {
  (void)arg;
  return 0;
}

int main(void) {
  for (int i = 0; i < 100; i++) {
    HANDLE h = CreateThread(NULL, 0, idle, NULL, 0, NULL);
    if (!h) {
      printf("CreateThread failed at %d\n", i);
      return 1;
    }
    CloseHandle(h);
  }
  return 0;
}

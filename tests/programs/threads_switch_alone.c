/* SwitchToThread returns FALSE when no other thread is ready, TRUE when
 * one is. */
#include <windows.h>
#include <stdio.h>

static DWORD WINAPI idle(LPVOID arg) {
  (void)arg;
  return 0;
}

int main(void) {
  printf("alone: %d\n", SwitchToThread());
  HANDLE t = CreateThread(NULL, 0, idle, NULL, 0, NULL);
  printf("with a ready thread: %d\n", SwitchToThread());
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}

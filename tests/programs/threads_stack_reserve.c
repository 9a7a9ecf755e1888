/* A thread created with a 256 KiB stack reservation overflows it with
 * 600 KiB of frames, which a default 1 MiB stack holds. */
#include <windows.h>

static int recurse(int kib) {
  volatile char frame[4000];
  frame[0] = (char)kib;
  if (kib <= 4) return frame[0];
  return recurse(kib - 4) + frame[0];
}

static DWORD WINAPI deep(LPVOID arg) {
  return (DWORD)recurse((int)(INT_PTR)arg);
}

int main(void) {
  HANDLE t = CreateThread(NULL, 0, deep, (LPVOID)600, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  t = CreateThread(NULL, 256 * 1024, deep, (LPVOID)600, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}

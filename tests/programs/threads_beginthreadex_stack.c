/* _beginthreadex passes its stack_size and initflag to CreateThread, as the
 * Microsoft C runtime does: 2.5 MiB of frames fit a 3 MiB stack_size, and
 * 600 KiB overflow a 256 KiB reservation (STACK_SIZE_PARAM_IS_A_RESERVATION)
 * that a default stack would hold. */
#include <process.h>
#include <stdio.h>
#include <windows.h>

static int recurse(int kib) {
  volatile char frame[4000];
  frame[0] = (char)kib;
  if (kib <= 4) return frame[0];
  return recurse(kib - 4) + frame[0];
}

static unsigned __stdcall deep(void *arg) {
  return (unsigned)recurse((int)(INT_PTR)arg);
}

static void run(unsigned stack_size, unsigned flags, int kib) {
  HANDLE t = (HANDLE)_beginthreadex(NULL, stack_size, deep, (void *)(INT_PTR)kib, flags, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  printf("%d KiB of frames in a stack_size of %u KiB: ran to the end\n", kib, stack_size / 1024);
}

int main(void) {
  run(3u << 20, 0, 2560);
  run(256 * 1024, STACK_SIZE_PARAM_IS_A_RESERVATION, 600);
  return 0;
}

/* Endless recursion in a worker runs into its stack's guard page: a crash
 * reported as a stack overflow of that thread. */
#include <windows.h>

static int recurse(volatile int depth) {
  volatile char frame[256];
  frame[0] = (char)depth;
  return recurse(depth + 1) + frame[0];
}

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  return (DWORD)recurse(0);
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  return 0;
}

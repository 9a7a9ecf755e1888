/* Conformance probe: rand() without srand.
 *
 * Microsoft's C runtime documents that rand() called before any srand()
 * behaves as if srand(1) had been called, and keeps the seed per thread:
 * the main thread and a new worker both start the same sequence
 * (41, 18467, 6334 with the runtime's linear congruential generator), and
 * srand on one thread does not move the other's.  Wine's msvcrt keeps the
 * seed in its per-thread data, starting at 1. */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

static void three(const char *who) {
  int a = rand(), b = rand(), c = rand();
  printf("%s: %d %d %d\n", who, a, b, c);
}

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  three("worker");
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  three("main");
  srand(7);
  HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  three("main after srand(7)");
  return 0;
}

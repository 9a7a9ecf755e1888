/* Two threads that fail in two different ways, independently: whichever
 * runs first ends the run.  A reduced search must still show both
 * verdicts (tests/unit/test_reduction.c): the end of a run takes every
 * ready thread's next step away, so those threads must also run first
 * somewhere. */
#include <windows.h>
#include <assert.h>
#include <stdlib.h>

static int a_side, b_side;

static DWORD WINAPI fails_assert(LPVOID arg) {
  (void)arg;
  a_side = 1;
  assert(a_side == 0 && "the first thread's own failure");
  return 0;
}

static DWORD WINAPI aborts(LPVOID arg) {
  (void)arg;
  b_side = 1;
  abort();
}

int main(void) {
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, fails_assert, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, aborts, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  return 0;
}

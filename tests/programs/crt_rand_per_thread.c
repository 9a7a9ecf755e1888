/* rand keeps its state per thread, as msvcrt does (sim/crt.c): two
 * threads that seed rand alike draw the same numbers however their calls
 * interleave, and a thread that never seeds starts from seed 1, whatever
 * the others did before it.  The main thread draws the reference
 * sequences first. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

enum { DRAWS = 4 };
static int seeded_reference[DRAWS], unseeded_reference[DRAWS];
static int drawn[3][DRAWS];

static DWORD WINAPI drawer(LPVOID arg) {
  int me = (int)(INT_PTR)arg;
  if (me < 2) srand(42);
  for (int i = 0; i < DRAWS; i++) {
    drawn[me][i] = rand();
    Sleep(0); /* a scheduling point between draws, so the threads interleave */
  }
  return 0;
}

int main(void) {
  srand(1);
  for (int i = 0; i < DRAWS; i++) unseeded_reference[i] = rand();
  srand(42);
  for (int i = 0; i < DRAWS; i++) seeded_reference[i] = rand();
  /* The main thread's state is its own too: it is left at seed 42's fifth
   * number, which must not leak into the threads below. */
  HANDLE threads[3];
  for (int i = 0; i < 2; i++) threads[i] = CreateThread(NULL, 0, drawer, (LPVOID)(INT_PTR)i, 0, NULL);
  WaitForMultipleObjects(2, threads, TRUE, INFINITE);
  /* The unseeded thread starts after the others have drawn, so their
   * state, and the main thread's, is all there is to leak. */
  threads[2] = CreateThread(NULL, 0, drawer, (LPVOID)2, 0, NULL);
  WaitForSingleObject(threads[2], INFINITE);
  for (int t = 0; t < 3; t++) {
    const int *reference = t < 2 ? seeded_reference : unseeded_reference;
    for (int i = 0; i < DRAWS; i++)
      assert(drawn[t][i] == reference[i] && "a thread's rand sequence depends on other threads");
    CloseHandle(threads[t]);
  }
  printf("seeded with 42 in two threads: %d %d %d %d, both\n", drawn[0][0], drawn[0][1], drawn[0][2],
         drawn[0][3]);
  printf("never seeded: %d %d %d %d, as after srand(1)\n", drawn[2][0], drawn[2][1], drawn[2][2],
         drawn[2][3]);
  return 0;
}

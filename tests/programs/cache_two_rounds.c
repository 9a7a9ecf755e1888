/* State cache: two rounds of the same race, one after the other, with the
 * main thread alone between them.  The second round's search starts from
 * each state the first round can leave, so the cached search below a state
 * must hold every class of executions of the second round. */
#include <windows.h>
#include <stdio.h>

static volatile LONG first;
static int marks[2];

static DWORD WINAPI racer(LPVOID param) {
  LONG me = (LONG)(INT_PTR)param;
  if (InterlockedCompareExchange(&first, me, 0) == 0) printf("%ld first\n", (long)me);
  else printf("%ld second\n", (long)me);
  return 0;
}

int main(void) {
  for (int round = 0; round < 2; round++) {
    HANDLE t[2];
    t[0] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)1, 0, NULL);
    t[1] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)2, 0, NULL);
    WaitForMultipleObjects(2, t, TRUE, INFINITE);
    CloseHandle(t[0]);
    CloseHandle(t[1]);
    marks[round] = (int)first;
    first = 0;
  }
  printf("winners %d %d\n", marks[0], marks[1]);
  return 0;
}

/* State cache: the runs differ only in whether a mutex was abandoned. */
#include "cache_race.h"

static HANDLE mutex;
static void before(void) { mutex = CreateMutexA(NULL, FALSE, NULL); }
static void winner(LONG me) {
  if (me == 1) WaitForSingleObject(mutex, INFINITE); /* and exits holding it */
}
static void loser(LONG me) { (void)me; }
static void after(void) {
  DWORD w = WaitForSingleObject(mutex, 0);
  printf("%s\n", w == WAIT_ABANDONED ? "abandoned" : w == WAIT_OBJECT_0 ? "free" : "?");
  ReleaseMutex(mutex);
  CloseHandle(mutex);
}

/* CREATE_SUSPENDED: the new thread does not run, however long the creator
 * waits, until ResumeThread brings its suspend count (reported as the
 * previous count, 1) down to zero. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static LONG g_ran;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  InterlockedExchange(&g_ran, 1);
  return 0;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, CREATE_SUSPENDED, NULL);
  /* While main sleeps, the suspended worker is the only thread that could
   * run, and it must not. */
  Sleep(100);
  LONG ran_before = InterlockedCompareExchange(&g_ran, 0, 0);
  assert(ran_before == 0);
  DWORD previous = ResumeThread(h);
  WaitForSingleObject(h, INFINITE);
  printf("ran before resume: %ld, previous suspend count: %lu, ran after: %ld\n", ran_before,
         previous, g_ran);
  CloseHandle(h);
  return 0;
}

/* Process exit with workers blocked in the middle of their work: one waits
 * for an event nobody sets, one sleeps forever.  main returning is the C
 * runtime's exit, which is ExitProcess: both workers are terminated where
 * they stand and neither gets DLL_THREAD_DETACH (nor does main), while
 * log.dll gets DLL_PROCESS_DETACH with lpReserved non-NULL. */
#include <windows.h>
#include <stdio.h>

typedef void (*expect_fn)(int);

static HANDLE never;     /* nobody sets it */
static HANDLE ready[2];  /* each worker's "I am about to block" */

static DWORD WINAPI waits_forever(LPVOID arg) {
  (void)arg;
  SetEvent(ready[0]);
  WaitForSingleObject(never, INFINITE);
  puts("waiter: woke up (never printed)");
  return 0;
}

static DWORD WINAPI sleeps_forever(LPVOID arg) {
  (void)arg;
  SetEvent(ready[1]);
  Sleep(INFINITE);
  puts("sleeper: woke up (never printed)");
  return 0;
}

int main(void) {
  HMODULE log = LoadLibraryA("log.dll");
  /* No thread of this program may get DLL_THREAD_DETACH, in any schedule. */
  ((expect_fn)GetProcAddress(log, "log_expect_thread_detaches"))(0);
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  ready[0] = CreateEventA(NULL, TRUE, FALSE, NULL);
  ready[1] = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE a = CreateThread(NULL, 0, waits_forever, NULL, 0, NULL);
  HANDLE b = CreateThread(NULL, 0, sleeps_forever, NULL, 0, NULL);
  WaitForMultipleObjects(2, ready, TRUE, INFINITE);
  puts("main returns");
  (void)a;
  (void)b;
  return 0;
}

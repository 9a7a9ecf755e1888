/* Conformance probe: a mutex whose owning thread exits is abandoned.
 *
 * The owner takes the mutex and exits without releasing it while a waiter
 * is blocked on it.  The waiter's wait then succeeds with WAIT_ABANDONED
 * (128): it owns the mutex, and is told that the data it guards may be
 * half-updated.  Once the waiter releases it the mutex is ordinary again
 * (WAIT_OBJECT_0), and releasing a mutex one does not own fails with
 * ERROR_NOT_OWNER (288).  This is what a lock held by a thread that
 * ExitProcess terminates does not get: no one is told (see
 * exercises/06-process-exit). */
#include <stdio.h>
#include <windows.h>

static HANDLE mutex, owner_has_it, owner_go;
static DWORD waiter_result;
static BOOL waiter_released;

static DWORD WINAPI owner(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(mutex, INFINITE);
  SetEvent(owner_has_it);
  WaitForSingleObject(owner_go, INFINITE);
  return 0;
}

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  waiter_result = WaitForSingleObject(mutex, INFINITE);
  waiter_released = ReleaseMutex(mutex);
  return 0;
}

static const char *wait_name(DWORD w) {
  switch (w) {
  case WAIT_OBJECT_0: return "WAIT_OBJECT_0";
  case WAIT_ABANDONED: return "WAIT_ABANDONED";
  case WAIT_TIMEOUT: return "WAIT_TIMEOUT";
  default: return "WAIT_FAILED";
  }
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  mutex = CreateMutexA(NULL, FALSE, NULL);
  owner_has_it = CreateEventA(NULL, TRUE, FALSE, NULL);
  owner_go = CreateEventA(NULL, TRUE, FALSE, NULL);

  HANDLE o = CreateThread(NULL, 0, owner, NULL, 0, NULL);
  WaitForSingleObject(owner_has_it, INFINITE);
  HANDLE w = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
  /* The waiter blocks on the mutex (virtual time in the simulator passes
   * only once it has). */
  Sleep(100);
  printf("main: the owner exits holding the mutex\n");
  SetEvent(owner_go);
  WaitForSingleObject(o, INFINITE);
  WaitForSingleObject(w, INFINITE);
  printf("waiter: wait returned %s, ReleaseMutex %s\n", wait_name(waiter_result),
         waiter_released ? "TRUE" : "FALSE");

  printf("main: wait returned %s\n", wait_name(WaitForSingleObject(mutex, 0)));
  printf("main: ReleaseMutex %s\n", ReleaseMutex(mutex) ? "TRUE" : "FALSE");
  SetLastError(0);
  BOOL again = ReleaseMutex(mutex);
  printf("main: ReleaseMutex again %s, error %lu\n", again ? "TRUE" : "FALSE", GetLastError());

  CloseHandle(o);
  CloseHandle(w);
  CloseHandle(mutex);
  CloseHandle(owner_has_it);
  CloseHandle(owner_go);
  return 0;
}

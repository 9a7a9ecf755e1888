/* What another thread's TryAcquireSRWLockShared / TryAcquireSRWLockExclusive
 * get while the lock is held exclusively, held shared, and free. */
#include <windows.h>
#include <stdio.h>

static SRWLOCK g_lock = SRWLOCK_INIT;

static DWORD WINAPI try_both(LPVOID arg) {
  (void)arg;
  DWORD got = 0;
  if (TryAcquireSRWLockShared(&g_lock)) {
    got |= 1;
    ReleaseSRWLockShared(&g_lock);
  }
  if (TryAcquireSRWLockExclusive(&g_lock)) {
    got |= 2;
    ReleaseSRWLockExclusive(&g_lock);
  }
  return got;
}

static void report(const char *state) {
  HANDLE h = CreateThread(NULL, 0, try_both, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  DWORD got = 0;
  GetExitCodeThread(h, &got);
  CloseHandle(h);
  printf("%s: shared %s, exclusive %s\n", state, (got & 1) ? "TRUE" : "FALSE",
         (got & 2) ? "TRUE" : "FALSE");
}

int main(void) {
  AcquireSRWLockExclusive(&g_lock);
  report("held exclusively");
  ReleaseSRWLockExclusive(&g_lock);
  AcquireSRWLockShared(&g_lock);
  report("held shared");
  ReleaseSRWLockShared(&g_lock);
  report("free");
  return 0;
}

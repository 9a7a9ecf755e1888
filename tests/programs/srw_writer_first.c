/* While a writer waits for an SRW lock that main holds shared, main's
 * TryAcquireSRWLockShared fails and a second reader waits too; when main
 * releases, the writer goes first, then the reader. */
#include <windows.h>
#include <stdio.h>

static SRWLOCK g_lock = SRWLOCK_INIT;

static DWORD WINAPI writer(LPVOID arg) {
  (void)arg;
  AcquireSRWLockExclusive(&g_lock);
  puts("writer: has the lock");
  ReleaseSRWLockExclusive(&g_lock);
  return 0;
}

static DWORD WINAPI reader(LPVOID arg) {
  (void)arg;
  AcquireSRWLockShared(&g_lock);
  puts("reader: has the lock");
  ReleaseSRWLockShared(&g_lock);
  return 0;
}

int main(void) {
  AcquireSRWLockShared(&g_lock);
  HANDLE w = CreateThread(NULL, 0, writer, NULL, 0, NULL);
  Sleep(10); /* the writer starts waiting */
  HANDLE r = CreateThread(NULL, 0, reader, NULL, 0, NULL);
  Sleep(10); /* the reader starts waiting too */
  BOOLEAN got = TryAcquireSRWLockShared(&g_lock);
  printf("main: TryAcquireSRWLockShared while the writer waits: %s\n", got ? "TRUE" : "FALSE");
  if (got) ReleaseSRWLockShared(&g_lock);
  ReleaseSRWLockShared(&g_lock);
  WaitForSingleObject(w, INFINITE);
  WaitForSingleObject(r, INFINITE);
  CloseHandle(w);
  CloseHandle(r);
  return 0;
}

/* Main takes an SRW lock shared twice, recursively, while a writer starts.
 * In the default schedule nothing goes wrong; but if the writer starts
 * waiting between the two acquisitions, the second one waits behind the
 * writer, which waits for main: the deadlock Microsoft's documentation of
 * AcquireSRWLockShared warns of. */
#include <windows.h>

static SRWLOCK g_lock = SRWLOCK_INIT;

static DWORD WINAPI writer(LPVOID arg) {
  (void)arg;
  AcquireSRWLockExclusive(&g_lock);
  ReleaseSRWLockExclusive(&g_lock);
  return 0;
}

int main(void) {
  HANDLE t = CreateThread(NULL, 0, writer, NULL, 0, NULL);
  AcquireSRWLockShared(&g_lock);
  AcquireSRWLockShared(&g_lock);
  ReleaseSRWLockShared(&g_lock);
  ReleaseSRWLockShared(&g_lock);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}

/* An exclusive SRW holder is alone: no other writer and no reader is
 * inside with it, in any schedule; readers only check for writers. */
#include <windows.h>
#include <assert.h>

static SRWLOCK g_lock = SRWLOCK_INIT;
static LONG g_writers, g_readers;

static DWORD WINAPI writer(LPVOID arg) {
  (void)arg;
  AcquireSRWLockExclusive(&g_lock);
  LONG writers = InterlockedIncrement(&g_writers);
  LONG readers = InterlockedCompareExchange(&g_readers, 0, 0);
  assert(writers == 1 && readers == 0);
  InterlockedDecrement(&g_writers);
  ReleaseSRWLockExclusive(&g_lock);
  return 0;
}

static DWORD WINAPI reader(LPVOID arg) {
  (void)arg;
  AcquireSRWLockShared(&g_lock);
  InterlockedIncrement(&g_readers);
  LONG writers = InterlockedCompareExchange(&g_writers, 0, 0);
  assert(writers == 0);
  InterlockedDecrement(&g_readers);
  ReleaseSRWLockShared(&g_lock);
  return 0;
}

int main(void) {
  HANDLE t[3];
  t[0] = CreateThread(NULL, 0, writer, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, reader, NULL, 0, NULL);
  t[2] = CreateThread(NULL, 0, writer, NULL, 0, NULL);
  WaitForMultipleObjects(3, t, TRUE, INFINITE);
  for (int i = 0; i < 3; i++) CloseHandle(t[i]);
  return 0;
}

/* Shared SRW holders coexist: each reader holds the lock shared until the
 * other reader holds it too.  If shared acquisitions excluded each other,
 * every schedule would deadlock. */
#include <windows.h>
#include <stdint.h>

static SRWLOCK g_lock = SRWLOCK_INIT;
static HANDLE g_holding[2];

static DWORD WINAPI reader(LPVOID arg) {
  int me = (int)(uintptr_t)arg;
  AcquireSRWLockShared(&g_lock);
  SetEvent(g_holding[me]);
  WaitForSingleObject(g_holding[1 - me], INFINITE);
  ReleaseSRWLockShared(&g_lock);
  return 0;
}

int main(void) {
  HANDLE t[2];
  for (int i = 0; i < 2; i++) g_holding[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
  for (int i = 0; i < 2; i++) t[i] = CreateThread(NULL, 0, reader, (LPVOID)(uintptr_t)i, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  for (int i = 0; i < 2; i++) {
    CloseHandle(t[i]);
    CloseHandle(g_holding[i]);
  }
  return 0;
}

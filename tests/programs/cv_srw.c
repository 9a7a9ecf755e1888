/* SleepConditionVariableSRW leaves the lock in the mode it was taken and
 * takes it again in that mode: a sleeper holding it shared lets a writer
 * in while it sleeps, and holds it shared again when it returns. */
#include <windows.h>
#include <stdio.h>

static SRWLOCK g_lock = SRWLOCK_INIT;
static CONDITION_VARIABLE g_cv;
static volatile LONG g_ready;

static DWORD WINAPI reader(LPVOID arg) {
  (void)arg;
  AcquireSRWLockShared(&g_lock);
  while (!g_ready) SleepConditionVariableSRW(&g_cv, &g_lock, INFINITE, CONDITION_VARIABLE_LOCKMODE_SHARED);
  Sleep(100); /* the main thread looks at the lock meanwhile */
  ReleaseSRWLockShared(&g_lock);
  return 0;
}

int main(void) {
  InitializeConditionVariable(&g_cv);
  HANDLE t = CreateThread(NULL, 0, reader, NULL, 0, NULL);
  Sleep(50);
  BOOLEAN writer = TryAcquireSRWLockExclusive(&g_lock);
  printf("while the reader sleeps, a writer gets the lock: %s\n", writer ? "yes" : "no");
  g_ready = 1;
  if (writer) ReleaseSRWLockExclusive(&g_lock);
  WakeAllConditionVariable(&g_cv);
  Sleep(50);
  printf("after it woke, the reader holds it shared: writer %s, reader %s\n",
         TryAcquireSRWLockExclusive(&g_lock) ? "gets in" : "kept out",
         TryAcquireSRWLockShared(&g_lock) ? "gets in" : "kept out");
  ReleaseSRWLockShared(&g_lock);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}

/* Conformance probe: condition variables.
 *
 * A wake with nobody asleep is lost (a later timed sleep times out with
 * ERROR_TIMEOUT, 1460).  Sleeping leaves the critical section, so another
 * thread can enter it while three threads sleep; WakeConditionVariable
 * wakes exactly one of them, which holds the section again when its sleep
 * returns; WakeAllConditionVariable wakes the other two.  The same with an
 * SRW lock held shared: a writer gets in while the reader sleeps, and the
 * reader holds it shared again after waking.
 *
 * The threads are sequenced without relying on timing: a sleeper counts
 * itself while it holds the lock, just before it sleeps, so once the main
 * thread holds the lock and sees all three counted, all three are asleep
 * (the sleep is what let go of the lock).
 */
#include <stdio.h>
#include <windows.h>

static CRITICAL_SECTION lock;
static CONDITION_VARIABLE cv = CONDITION_VARIABLE_INIT;
static volatile LONG woken;
static BOOL held_after_wake;
static SRWLOCK srw = SRWLOCK_INIT;
static CONDITION_VARIABLE srw_cv;
static volatile LONG ready, asleep, reader_in, reader_back;
static HANDLE release_reader;

static DWORD WINAPI sleeper(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&lock);
  asleep++;
  SleepConditionVariableCS(&cv, &lock, INFINITE);
  /* Only the owner of a critical section can enter it again. */
  if (InterlockedIncrement(&woken) == 1) held_after_wake = (LONG_PTR)lock.OwningThread == (LONG_PTR)GetCurrentThreadId();
  LeaveCriticalSection(&lock);
  return 0;
}

/* Polls (up to ten seconds) until *value is at least want. */
static void await(volatile LONG *value, LONG want) {
  for (int i = 0; i < 1000 && InterlockedCompareExchange(value, 0, 0) < want; i++) Sleep(10);
}

/* Returns once n threads have counted themselves under the lock and let
 * go of it by sleeping. */
static void await_asleep(LONG n) {
  for (int i = 0; i < 1000; i++) {
    EnterCriticalSection(&lock);
    LONG seen = asleep;
    LeaveCriticalSection(&lock);
    if (seen >= n) return;
    Sleep(10);
  }
}

static DWORD WINAPI outsider(LPVOID arg) {
  (void)arg;
  if (!TryEnterCriticalSection(&lock)) return 0;
  LeaveCriticalSection(&lock);
  return 1;
}

static DWORD WINAPI reader(LPVOID arg) {
  (void)arg;
  AcquireSRWLockShared(&srw);
  InterlockedExchange(&reader_in, 1);
  while (!ready) SleepConditionVariableSRW(&srw_cv, &srw, INFINITE, CONDITION_VARIABLE_LOCKMODE_SHARED);
  InterlockedExchange(&reader_back, 1);
  WaitForSingleObject(release_reader, INFINITE);
  ReleaseSRWLockShared(&srw);
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  InitializeCriticalSection(&lock);
  InitializeConditionVariable(&srw_cv);

  WakeConditionVariable(&cv);
  EnterCriticalSection(&lock);
  SetLastError(0);
  BOOL slept = SleepConditionVariableCS(&cv, &lock, 50);
  DWORD error = GetLastError();
  LeaveCriticalSection(&lock);
  printf("main: a wake before anyone sleeps is lost: the sleep returns %s, error %lu\n",
         slept ? "TRUE" : "FALSE", error);

  HANDLE t[3];
  for (int i = 0; i < 3; i++) t[i] = CreateThread(NULL, 0, sleeper, NULL, 0, NULL);
  await_asleep(3);
  HANDLE o = CreateThread(NULL, 0, outsider, NULL, 0, NULL);
  WaitForSingleObject(o, INFINITE);
  DWORD entered = 0;
  GetExitCodeThread(o, &entered);
  CloseHandle(o);
  printf("main: while three threads sleep, another thread enters the section: %s\n",
         entered ? "yes" : "no");
  WakeConditionVariable(&cv);
  await(&woken, 1);
  Sleep(100); /* a second thread woken by mistake would show now */
  printf("main: WakeConditionVariable woke %ld, which held the section on waking: %s\n", woken,
         held_after_wake ? "yes" : "no");
  WakeAllConditionVariable(&cv);
  WaitForMultipleObjects(3, t, TRUE, INFINITE);
  printf("main: WakeAllConditionVariable woke the other %ld\n", woken - 1);
  for (int i = 0; i < 3; i++) CloseHandle(t[i]);

  release_reader = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE r = CreateThread(NULL, 0, reader, NULL, 0, NULL);
  await(&reader_in, 1);
  /* The reader holds the lock shared until it sleeps. */
  BOOLEAN writer = FALSE;
  for (int i = 0; i < 1000 && !(writer = TryAcquireSRWLockExclusive(&srw)); i++) Sleep(10);
  printf("main: while a reader sleeps, a writer gets the SRW lock: %s\n", writer ? "yes" : "no");
  ready = 1;
  if (writer) ReleaseSRWLockExclusive(&srw);
  WakeAllConditionVariable(&srw_cv);
  await(&reader_back, 1);
  BOOLEAN exclusive = TryAcquireSRWLockExclusive(&srw);
  printf("main: after waking, the reader holds it shared: a writer %s\n", exclusive ? "gets in" : "is kept out");
  if (exclusive) ReleaseSRWLockExclusive(&srw);
  SetEvent(release_reader);
  WaitForSingleObject(r, INFINITE);
  CloseHandle(r);
  CloseHandle(release_reader);
  DeleteCriticalSection(&lock);
  return 0;
}

/* Conformance probe: a completion port's concurrency value.
 *
 * The port is created with concurrency value 1; two waiters block on it and
 * two packets are posted.  The first waiter released keeps running without
 * blocking (it spins with SwitchToThread, which leaves it runnable) and
 * watches, for a while, whether the other waiter gets the second packet
 * meanwhile.  Windows releases no more than one thread for the port while
 * that one is runnable, so the other waiter stays blocked until the first
 * exits; the simulator follows Windows.
 *
 * Wine 8.0 differs: it accepts the concurrency value but does not enforce
 * it (every blocked waiter is woken when a packet arrives, and the one that
 * finds a packet runs), so the second waiter gets its packet while the first
 * is still running.  Observed under Wine 8.0 (Debian) in every run, see
 * expected-wine.txt.  The watch ends after 200000 spins or one second of
 * real time, whichever comes first: in the simulator virtual time stands
 * still while a thread can run, so only the spin count ends it there. */
#include <stdio.h>
#include <windows.h>

static HANDLE port, about_to_wait;
static LONG released;
static LONG saw_second;

static DWORD WINAPI waiter(LPVOID arg) {
  (void)arg;
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = NULL;
  SetEvent(about_to_wait);
  if (!GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE)) return 1;
  if (InterlockedIncrement(&released) == 2) return 0;
  /* The first one released: stay runnable and watch for the second. */
  DWORD start = GetTickCount();
  for (long spins = 0; spins < 200000 && GetTickCount() - start < 1000; spins++) {
    if (InterlockedCompareExchange(&released, 0, 0) == 2) {
      InterlockedExchange(&saw_second, 1);
      break;
    }
    SwitchToThread();
  }
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
  about_to_wait = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE threads[2];
  for (int i = 0; i < 2; i++) {
    threads[i] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
    /* Waiter i is about to block; 100 ms later it surely has. */
    WaitForSingleObject(about_to_wait, INFINITE);
    Sleep(100);
  }
  printf("main: two waiters blocked on a port with concurrency 1, posting two packets\n");
  PostQueuedCompletionStatus(port, 1, 1, NULL);
  PostQueuedCompletionStatus(port, 2, 2, NULL);
  WaitForMultipleObjects(2, threads, TRUE, INFINITE);
  printf("waiters released: %ld\n", released);
  printf("the second was released while the first was still running: %s\n",
         saw_second ? "yes" : "no");
  CloseHandle(threads[0]);
  CloseHandle(threads[1]);
  CloseHandle(port);
  CloseHandle(about_to_wait);
  return 0;
}

/* Waiters are satisfied in arrival order (sim/wait.c), whichever thread
 * they are: three threads block, one after another, on an auto-reset
 * event, then on a semaphore, then on a mutex the main thread owns, and
 * each signal releases the one that has waited longest.
 *
 * The threads arrive in the order 3, 1, 2 (thread numbers as created), so
 * that arrival order differs from creation order: a simulator that woke
 * the lowest-numbered or the newest waiter would release them otherwise.
 * A thread arrives when the main thread lets it go and sleeps: virtual
 * time passes only when no thread can run, so by the end of the sleep the
 * waiter is blocked, in every schedule. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

enum { WAITERS = 3 };
static HANDLE go[WAITERS];            /* lets waiter i start waiting */
static HANDLE event, semaphore, mutex, done;
static volatile LONG released_waiter; /* who the last signal released */
static LONG mutex_order[WAITERS], mutex_taken;

static DWORD WINAPI waiter(LPVOID arg) {
  int me = (int)(INT_PTR)arg;
  HANDLE objects[] = {event, semaphore};
  for (int k = 0; k < 2; k++) {
    WaitForSingleObject(go[me], INFINITE);
    WaitForSingleObject(objects[k], INFINITE);
    released_waiter = me + 1;
    SetEvent(done);
  }
  WaitForSingleObject(go[me], INFINITE);
  WaitForSingleObject(mutex, INFINITE);
  mutex_order[mutex_taken++] = me + 1;
  ReleaseMutex(mutex);
  return 0;
}

static const int arrival[WAITERS] = {2, 0, 1}; /* waiters 3, 1, 2 */

static void let_them_arrive(void) {
  for (int i = 0; i < WAITERS; i++) {
    SetEvent(go[arrival[i]]);
    Sleep(10);
  }
}

int main(void) {
  event = CreateEventA(NULL, FALSE, FALSE, NULL);
  semaphore = CreateSemaphoreA(NULL, 0, WAITERS, NULL);
  mutex = CreateMutexA(NULL, TRUE, NULL);
  done = CreateEventA(NULL, FALSE, FALSE, NULL);
  HANDLE threads[WAITERS];
  for (int i = 0; i < WAITERS; i++) go[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
  for (int i = 0; i < WAITERS; i++)
    threads[i] = CreateThread(NULL, 0, waiter, (LPVOID)(INT_PTR)i, 0, NULL);

  const char *names[] = {"event", "semaphore"};
  for (int k = 0; k < 2; k++) {
    let_them_arrive();
    printf("%s released:", names[k]);
    for (int i = 0; i < WAITERS; i++) {
      if (k == 0) SetEvent(event);
      else ReleaseSemaphore(semaphore, 1, NULL);
      WaitForSingleObject(done, INFINITE);
      printf(" %ld", released_waiter);
      assert(released_waiter == arrival[i] + 1 && "a waiter was released out of arrival order");
    }
    printf("\n");
  }

  let_them_arrive();
  ReleaseMutex(mutex);
  WaitForMultipleObjects(WAITERS, threads, TRUE, INFINITE);
  printf("mutex taken by: %ld %ld %ld\n", mutex_order[0], mutex_order[1], mutex_order[2]);
  for (int i = 0; i < WAITERS; i++)
    assert(mutex_order[i] == arrival[i] + 1 && "a mutex waiter got it out of arrival order");
  for (int i = 0; i < WAITERS; i++) {
    CloseHandle(threads[i]);
    CloseHandle(go[i]);
  }
  CloseHandle(event);
  CloseHandle(semaphore);
  CloseHandle(mutex);
  CloseHandle(done);
  return 0;
}

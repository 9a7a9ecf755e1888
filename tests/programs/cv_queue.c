/* A bounded queue with a critical section and two condition variables:
 * one producer, two consumers, every item consumed exactly once.  Each
 * waiter tests its condition in a loop, as Microsoft's documentation asks,
 * so the program is correct in every schedule. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

#define ITEMS 4
#define SLOTS 2

static CRITICAL_SECTION g_lock;
static CONDITION_VARIABLE g_not_empty = CONDITION_VARIABLE_INIT;
static CONDITION_VARIABLE g_not_full;
static int g_queue[SLOTS], g_count, g_head;
static int g_taken[ITEMS + 1];

static DWORD WINAPI producer(LPVOID arg) {
  (void)arg;
  for (int item = 1; item <= ITEMS + 2; item++) {
    EnterCriticalSection(&g_lock);
    while (g_count == SLOTS) SleepConditionVariableCS(&g_not_full, &g_lock, INFINITE);
    /* Items past ITEMS are 0: one stop mark per consumer. */
    g_queue[(g_head + g_count) % SLOTS] = item <= ITEMS ? item : 0;
    g_count++;
    LeaveCriticalSection(&g_lock);
    WakeConditionVariable(&g_not_empty);
  }
  return 0;
}

static DWORD WINAPI consumer(LPVOID arg) {
  (void)arg;
  for (;;) {
    EnterCriticalSection(&g_lock);
    while (g_count == 0) SleepConditionVariableCS(&g_not_empty, &g_lock, INFINITE);
    int item = g_queue[g_head];
    g_head = (g_head + 1) % SLOTS;
    g_count--;
    LeaveCriticalSection(&g_lock);
    WakeConditionVariable(&g_not_full);
    if (item == 0) return 0;
    g_taken[item]++;
  }
}

int main(void) {
  InitializeCriticalSection(&g_lock);
  InitializeConditionVariable(&g_not_full);
  HANDLE t[3];
  t[0] = CreateThread(NULL, 0, producer, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
  t[2] = CreateThread(NULL, 0, consumer, NULL, 0, NULL);
  WaitForMultipleObjects(3, t, TRUE, INFINITE);
  for (int item = 1; item <= ITEMS; item++) assert(g_taken[item] == 1);
  printf("%d items, each consumed once\n", ITEMS);
  for (int i = 0; i < 3; i++) CloseHandle(t[i]);
  DeleteCriticalSection(&g_lock);
  return 0;
}

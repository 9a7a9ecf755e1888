/* What steps touch, for the footprint tests (tests/unit/test_dependence.c):
 * each worker does one kind of thing in its first step (between its start
 * and its first Win32 call, or in the call right after) and returns; the
 * main thread runs them one after the other, so the program has few
 * schedules (tests/unit/test_reduction.c runs them all). */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

int g_written;                    /* written by worker 2, read by worker 3 */
int g_alone;                      /* written by worker 4 only */
LONG volatile g_counter;          /* Interlocked by worker 5 */
CRITICAL_SECTION g_cs;            /* taken and released by worker 6 */
int *g_block;                     /* a heap block worker 7 writes and frees */

static DWORD WINAPI writer(LPVOID arg) {
  (void)arg;
  g_written = 1;
  return 0;
}

static DWORD WINAPI reader(LPVOID arg) {
  (void)arg;
  int local = g_written;          /* a read of the global; the local is on its own stack */
  local++;
  return (DWORD)local;
}

static DWORD WINAPI alone(LPVOID arg) {
  (void)arg;
  g_alone = 2;
  return 0;
}

static DWORD WINAPI interlocked(LPVOID arg) {
  (void)arg;
  InterlockedIncrement(&g_counter);
  return 0;
}

static DWORD WINAPI round_trip(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_cs);
  LeaveCriticalSection(&g_cs);
  return 0;
}

static DWORD WINAPI heap_user(LPVOID arg) {
  (void)arg;
  g_block[1] = 7;
  free(g_block);
  return 0;
}

static DWORD WINAPI switcher(LPVOID arg) {
  (void)arg;
  SwitchToThread();
  return 0;
}

static DWORD WINAPI printer(LPVOID arg) {
  (void)arg;
  printf("hello\n");
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_cs);
  g_block = malloc(4 * sizeof *g_block);
  LPTHREAD_START_ROUTINE routines[] = {writer, reader, alone, interlocked, round_trip, heap_user,
                                       switcher, printer};
  for (int i = 0; i < 8; i++) {
    HANDLE t = CreateThread(NULL, 0, routines[i], NULL, 0, NULL);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
  }
  Sleep(10);                      /* nobody else can run: the clock does */
  return 0;
}

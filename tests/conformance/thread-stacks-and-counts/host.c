/* Conformance probe: thread stacks and thread counts.
 *
 * - A thread created with dwStackSize 0 gets the executable's default
 *   stack, 1 MiB for Microsoft's linker (2 MiB for mingw-w64's): 600 KiB of
 *   frames fit, in a worker and in the main thread alike.
 * - A dwStackSize above the default is the initial commit, and the
 *   reservation grows to hold it: 2.5 MiB of frames fit in a thread created
 *   with 3 MiB.  (Overflowing a stack ends the process, so the probe does
 *   not print that case; tests/test_threads.c checks the simulator's
 *   verdict for a 256 KiB reservation.)
 * - A process runs 500 threads at once, and creating and joining 1,000
 *   more one after another is no problem: threads that have exited count
 *   toward no limit.  (Counts kept small so that Wine, whose threads are
 *   real, runs the probe in seconds; tests/test_threads.c runs thousands in
 *   the simulator.) */
#include <stdio.h>
#include <windows.h>

/* Uses about kib KiB of stack, a frame of 4 KiB at a time. */
static int recurse(int kib) {
  volatile char frame[4000];
  frame[0] = (char)kib;
  if (kib <= 4) return frame[0];
  return recurse(kib - 4) + frame[0];
}

static DWORD WINAPI deep(LPVOID arg) {
  recurse((int)(INT_PTR)arg);
  return 1;
}

static HANDLE g_go;
static volatile LONG g_started;

static DWORD WINAPI parked(LPVOID arg) {
  (void)arg;
  InterlockedIncrement(&g_started);
  WaitForSingleObject(g_go, INFINITE);
  return 0;
}

static DWORD WINAPI quick(LPVOID arg) {
  (void)arg;
  return 7;
}

static const char *ran(HANDLE t) {
  DWORD code = 0;
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  CloseHandle(t);
  return code == 1 ? "ran to the end" : "did not";
}

enum { LIVE = 500, CHURN = 1000 };
static HANDLE g_threads[LIVE];

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("worker, default stack, 600 KiB of frames: %s\n",
         ran(CreateThread(NULL, 0, deep, (LPVOID)600, 0, NULL)));
  recurse(600);
  printf("main thread, 600 KiB of frames: ran to the end\n");
  printf("worker, dwStackSize 3 MiB, 2.5 MiB of frames: %s\n",
         ran(CreateThread(NULL, 3 << 20, deep, (LPVOID)2560, 0, NULL)));

  g_go = CreateEventA(NULL, TRUE, FALSE, NULL);
  int created = 0;
  for (; created < LIVE; created++) {
    g_threads[created] = CreateThread(NULL, 0, parked, NULL, 0, NULL);
    if (!g_threads[created]) break;
  }
  while (InterlockedCompareExchange(&g_started, 0, 0) < created) Sleep(1);
  printf("%d threads alive at once\n", created);
  SetEvent(g_go);
  for (int i = 0; i < created; i++) {
    WaitForSingleObject(g_threads[i], INFINITE);
    CloseHandle(g_threads[i]);
  }

  int joined = 0;
  for (int i = 0; i < CHURN; i++) {
    HANDLE t = CreateThread(NULL, 0, quick, NULL, 0, NULL);
    if (!t) break;
    DWORD code = 0;
    WaitForSingleObject(t, INFINITE);
    GetExitCodeThread(t, &code);
    CloseHandle(t);
    if (code == 7) joined++;
  }
  printf("%d threads created and joined one after another\n", joined);
  return 0;
}

/* Conformance probe: time passes while a thread polls.
 *
 * For each way of polling - Sleep(0), SwitchToThread, a zero-timeout wait,
 * and a GetTickCount64 deadline with nothing else in the loop - a worker
 * sleeps 10 ms and then sets a flag that main polls for.  On Windows every
 * loop ends soon after the worker's sleep: the clock goes on while main
 * spins, and the worker runs beside it.  The simulator runs one thread at
 * a time on virtual time, so it lets a quantum of time pass whenever every
 * runnable thread only polls (kernel/sched.c); without that, each loop
 * would spin until the step budget ran out.  How long each loop took is
 * not printed: Windows' and Wine's tick counts are coarser than the 10 ms
 * slept (tests/test_time.c checks the virtual durations). */
#include <stdio.h>
#include <windows.h>

static volatile LONG g_flag;

static DWORD WINAPI setter(LPVOID arg) {
  (void)arg;
  Sleep(10);
  g_flag = 1;
  return 0;
}

static HANDLE start(void) {
  g_flag = 0;
  return CreateThread(NULL, 0, setter, NULL, 0, NULL);
}

static void finish(const char *how, HANDLE t) {
  printf("%s: %s\n", how, g_flag ? "flag seen" : "gave up");
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);

  HANDLE t = start();
  while (!g_flag) Sleep(0);
  finish("Sleep(0)", t);

  t = start();
  while (!g_flag) SwitchToThread();
  finish("SwitchToThread", t);

  t = start();
  while (!g_flag) WaitForSingleObject(never, 0);
  finish("zero-timeout wait", t);

  t = start();
  ULONGLONG deadline = GetTickCount64() + 10000;
  while (!g_flag && GetTickCount64() < deadline) {
  }
  finish("GetTickCount64 deadline", t);

  CloseHandle(never);
  return 0;
}

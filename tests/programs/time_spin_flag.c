/* Virtual time passes while the only runnable thread polls.  For each way
 * of polling (Sleep(0), SwitchToThread, a zero-timeout wait, a
 * GetTickCount64 deadline with nothing else in the loop), a worker sleeps
 * 10 ms and then sets a flag that main polls for.  On Windows each loop
 * ends once the worker has slept; main reports how long it waited. */
#include <windows.h>
#include <stdio.h>

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

static void finish(const char *how, HANDLE t, ULONGLONG began) {
  ULONGLONG waited = GetTickCount64() - began;
  printf("%s: flag seen after %s10 ms\n", how, waited >= 10 ? ">= " : "less than ");
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
}

int main(void) {
  HANDLE never = CreateEventA(NULL, TRUE, FALSE, NULL);

  ULONGLONG began = GetTickCount64();
  HANDLE t = start();
  while (!g_flag) Sleep(0);
  finish("Sleep(0)", t, began);

  began = GetTickCount64();
  t = start();
  while (!g_flag) SwitchToThread();
  finish("SwitchToThread", t, began);

  began = GetTickCount64();
  t = start();
  while (!g_flag) WaitForSingleObject(never, 0);
  finish("zero-timeout wait", t, began);

  began = GetTickCount64();
  t = start();
  ULONGLONG deadline = began + 5000;
  while (!g_flag && GetTickCount64() < deadline) {
  }
  finish(g_flag ? "GetTickCount64 deadline" : "GetTickCount64 deadline passed", t, began);

  CloseHandle(never);
  return 0;
}

/* While one thread's init function fails, another waits; it then runs
 * the init function itself, which succeeds. */
#include <windows.h>
#include <stdio.h>

static INIT_ONCE g_once = INIT_ONCE_STATIC_INIT;
static LONG g_calls;
static BOOL g_results[2];

static BOOL WINAPI init(PINIT_ONCE once, PVOID param, PVOID *context) {
  (void)once;
  (void)param;
  (void)context;
  LONG call = InterlockedIncrement(&g_calls);
  Sleep(10);
  return call > 1;
}

static DWORD WINAPI user(LPVOID arg) {
  g_results[(INT_PTR)arg] = InitOnceExecuteOnce(&g_once, init, NULL, NULL);
  return 0;
}

int main(void) {
  HANDLE t[2];
  for (int i = 0; i < 2; i++) t[i] = CreateThread(NULL, 0, user, (LPVOID)(INT_PTR)i, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("init ran %ld times; %d call failed, %d succeeded\n", g_calls,
         !g_results[0] + !g_results[1], !!g_results[0] + !!g_results[1]);
  for (int i = 0; i < 2; i++) CloseHandle(t[i]);
  return 0;
}

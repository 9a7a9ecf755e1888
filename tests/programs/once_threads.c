/* Three threads race to InitOnceExecuteOnce: the init function runs once,
 * the others wait for it, and every caller gets the context it stored. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static INIT_ONCE g_once = INIT_ONCE_STATIC_INIT;
static LONG g_runs;
static int g_table[4];

static BOOL WINAPI init(PINIT_ONCE once, PVOID param, PVOID *context) {
  (void)once;
  InterlockedIncrement(&g_runs);
  Sleep(1); /* a scheduling point inside: the others arrive meanwhile */
  *context = param;
  return TRUE;
}

static DWORD WINAPI user(LPVOID arg) {
  (void)arg;
  void *context = NULL;
  BOOL ok = InitOnceExecuteOnce(&g_once, init, g_table, &context);
  assert(ok && context == g_table);
  return 0;
}

int main(void) {
  HANDLE t[3];
  for (int i = 0; i < 3; i++) t[i] = CreateThread(NULL, 0, user, NULL, 0, NULL);
  WaitForMultipleObjects(3, t, TRUE, INFINITE);
  for (int i = 0; i < 3; i++) CloseHandle(t[i]);
  printf("init ran %ld time\n", g_runs);
  return 0;
}

/* EnterCriticalSection blocks while another thread holds the section and
 * returns once the owner leaves it. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_cs;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  EnterCriticalSection(&g_cs);
  puts("worker entered");
  LeaveCriticalSection(&g_cs);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_cs);
  EnterCriticalSection(&g_cs);
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  Sleep(100); /* the worker runs meanwhile, and blocks */
  puts("main leaves");
  LeaveCriticalSection(&g_cs);
  WaitForSingleObject(h, INFINITE);
  CloseHandle(h);
  DeleteCriticalSection(&g_cs);
  return 0;
}

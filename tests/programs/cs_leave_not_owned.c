/* Wrong use: a thread leaves a critical section another thread holds, and
 * later the section is left while nobody holds it.  Windows does not check
 * either; the simulator flags both as warnings and goes on. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_cs;

static DWORD WINAPI intruder(LPVOID arg) {
  (void)arg;
  LeaveCriticalSection(&g_cs);
  return 0;
}

int main(void) {
  InitializeCriticalSection(&g_cs);
  EnterCriticalSection(&g_cs);
  HANDLE h = CreateThread(NULL, 0, intruder, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  LeaveCriticalSection(&g_cs);
  puts("still running");
  CloseHandle(h);
  DeleteCriticalSection(&g_cs);
  return 0;
}

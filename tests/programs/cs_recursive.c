/* A critical section is recursive: its owner enters again without
 * blocking, and TryEnterCriticalSection by another thread fails until the
 * owner has left as many times as it entered. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_cs;

static DWORD WINAPI try_enter(LPVOID arg) {
  (void)arg;
  BOOL ok = TryEnterCriticalSection(&g_cs);
  if (ok) LeaveCriticalSection(&g_cs);
  return (DWORD)ok;
}

/* What TryEnterCriticalSection returns in another thread now. */
static const char *other_thread_tries(void) {
  HANDLE h = CreateThread(NULL, 0, try_enter, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(h, &code);
  CloseHandle(h);
  return code ? "TRUE" : "FALSE";
}

int main(void) {
  InitializeCriticalSection(&g_cs);
  EnterCriticalSection(&g_cs);
  EnterCriticalSection(&g_cs);
  BOOL again = TryEnterCriticalSection(&g_cs);
  printf("owner entered twice, TryEnter by the owner: %s\n", again ? "TRUE" : "FALSE");
  LeaveCriticalSection(&g_cs);
  LeaveCriticalSection(&g_cs);
  printf("after two of three leaves, another thread's TryEnter: %s\n", other_thread_tries());
  LeaveCriticalSection(&g_cs);
  printf("after every leave, another thread's TryEnter: %s\n", other_thread_tries());
  DeleteCriticalSection(&g_cs);
  return 0;
}

/* The fix: at process exit (lpReserved non-NULL) other threads were
 * terminated wherever they were, so their locks may be held forever;
 * DLL_PROCESS_DETACH must not take them.  The process is going away:
 * there is nothing to clean up. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION lock;
static int pending;
static BOOL started;

static DWORD WINAPI flusher(LPVOID arg) {
  (void)arg;
  for (;;) {
    EnterCriticalSection(&lock);
    Sleep(5); /* writing pending rows out, with the lock held */
    pending = 0;
    LeaveCriticalSection(&lock);
    Sleep(5); /* idle, so queries get the lock in between */
  }
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  if (!started) {
    started = TRUE;
    CloseHandle(CreateThread(NULL, 0, flusher, NULL, 0, NULL));
  }
  EnterCriticalSection(&lock);
  pending++;
  LeaveCriticalSection(&lock);
  return 1;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  if (reason == DLL_PROCESS_DETACH && reserved == NULL) {
    EnterCriticalSection(&lock);
    printf("flushing %d rows\n", pending);
    LeaveCriticalSection(&lock);
    DeleteCriticalSection(&lock);
  }
  return TRUE;
}

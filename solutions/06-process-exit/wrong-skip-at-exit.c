/* Exercise 06, wrong fix: do what Microsoft's DllMain documentation says
 * about process exit, and nothing more: DLL_PROCESS_DETACH flushes only on
 * FreeLibrary (lpReserved NULL), never at process exit.
 *
 * The exit no longer touches the lock.  But nothing ever stops the flusher,
 * so a program that unloads the driver unmaps it under the running (or
 * not yet started) flusher: an access violation (WRONG-FIXES.md, 1).  And
 * at exit the pending rows are simply lost: no schedule writes them.
 */
#include <windows.h>
#include <stdio.h>

#define FLUSH_EVERY_MS 5
#define WRITE_MS 5

static CRITICAL_SECTION lock;     /* guards pending and started */
static int pending;               /* rows not written out yet */
static BOOL started;

static DWORD WINAPI flusher(LPVOID arg) {
  (void)arg;
  for (;;) {
    EnterCriticalSection(&lock);
    Sleep(WRITE_MS); /* writing the pending rows out, with the lock held */
    pending = 0;
    LeaveCriticalSection(&lock);
    Sleep(FLUSH_EVERY_MS); /* idle, so queries get the lock in between */
  }
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  EnterCriticalSection(&lock);
  if (!started) {
    started = TRUE;
    CloseHandle(CreateThread(NULL, 0, flusher, NULL, 0, NULL));
  }
  pending++;
  LeaveCriticalSection(&lock);
  return 1;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  /* The wrong fix: flush only on FreeLibrary, never at process exit. */
  if (reason == DLL_PROCESS_DETACH && reserved == NULL) {
    EnterCriticalSection(&lock);
    printf("flushing %d rows\n", pending);
    pending = 0;
    LeaveCriticalSection(&lock);
    DeleteCriticalSection(&lock);
  }
  return TRUE;
}

/* Exercise 06, the reference fix (read exercises/06-process-exit/README.md
 * first, and WRONG-FIXES.md beside this file).
 *
 * Two changes:
 * - driver_shutdown, a new export the application calls before it exits
 *   or unloads the driver (the programs of this exercise call it when the
 *   driver has it): it stops the flusher and waits until it has exited,
 *   then writes the rows still pending.  It runs on the application's
 *   thread, outside DllMain, while every other thread is alive, so the
 *   waiting and the locking are safe, and no row is lost.
 * - DLL_PROCESS_DETACH touches nothing at process exit (lpReserved
 *   non-NULL): ExitProcess has terminated the other threads wherever they
 *   were, any lock may be held forever, and the system takes back the
 *   memory, handles and threads anyway.  On FreeLibrary (lpReserved NULL)
 *   driver_shutdown has already stopped the flusher, so only the lock and
 *   the event, which no thread uses any more, are released.
 */
#include <windows.h>
#include <stdio.h>

#define FLUSH_EVERY_MS 5
#define WRITE_MS 5

static CRITICAL_SECTION lock;     /* guards pending and flusher_thread */
static int pending;               /* rows not written out yet */
static HANDLE flusher_thread;     /* the running flusher, or NULL */
static HANDLE stop;               /* manual reset: the flusher must stop */

static DWORD WINAPI flusher(LPVOID arg) {
  (void)arg;
  /* Idle first, then write, until told to stop. */
  while (WaitForSingleObject(stop, FLUSH_EVERY_MS) == WAIT_TIMEOUT) {
    EnterCriticalSection(&lock);
    Sleep(WRITE_MS); /* writing the pending rows out, with the lock held */
    pending = 0;
    LeaveCriticalSection(&lock);
  }
  return 0;
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  EnterCriticalSection(&lock);
  if (!flusher_thread) {
    ResetEvent(stop);
    flusher_thread = CreateThread(NULL, 0, flusher, NULL, 0, NULL);
  }
  pending++;
  LeaveCriticalSection(&lock);
  return 1;
}

__declspec(dllexport) void driver_shutdown(void) {
  EnterCriticalSection(&lock);
  HANDLE thread = flusher_thread;
  flusher_thread = NULL;
  LeaveCriticalSection(&lock);
  if (thread) {
    /* Not under the lock: the flusher may need it to finish its write. */
    SetEvent(stop);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
  }
  EnterCriticalSection(&lock);
  printf("flushing %d rows\n", pending);
  pending = 0;
  LeaveCriticalSection(&lock);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) {
    InitializeCriticalSection(&lock);
    stop = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (!stop) return FALSE;
  }
  if (reason == DLL_PROCESS_DETACH && reserved == NULL) {
    DeleteCriticalSection(&lock);
    CloseHandle(stop);
  }
  return TRUE;
}

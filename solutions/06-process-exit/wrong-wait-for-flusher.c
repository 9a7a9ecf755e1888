/* Exercise 06, wrong fix: before flushing, DLL_PROCESS_DETACH stops the
 * flusher and waits until the flusher says it has stopped, so that the
 * flusher cannot be holding the lock.
 *
 * At process exit the flusher is already dead: ExitProcess terminated it
 * before DllMain was called, and it will never say anything again.  The
 * wait never ends (WRONG-FIXES.md, 2).  (On FreeLibrary it is no better:
 * the flusher sets the event and then runs the rest of its code, its
 * `return`, in a driver about to be unmapped.)
 */
#include <windows.h>
#include <stdio.h>

#define FLUSH_EVERY_MS 5
#define WRITE_MS 5

static CRITICAL_SECTION lock;     /* guards pending and started */
static int pending;               /* rows not written out yet */
static BOOL started;
static HANDLE stop, stopped;      /* manual reset: stop asked; flusher done */

static DWORD WINAPI flusher(LPVOID arg) {
  (void)arg;
  while (WaitForSingleObject(stop, FLUSH_EVERY_MS) == WAIT_TIMEOUT) {
    EnterCriticalSection(&lock);
    Sleep(WRITE_MS); /* writing the pending rows out, with the lock held */
    pending = 0;
    LeaveCriticalSection(&lock);
  }
  SetEvent(stopped);
  return 0;
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
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) {
    InitializeCriticalSection(&lock);
    stop = CreateEventA(NULL, TRUE, FALSE, NULL);
    stopped = CreateEventA(NULL, TRUE, FALSE, NULL);
  }
  if (reason == DLL_PROCESS_DETACH) {
    /* The wrong fix: stop the flusher first and wait until it says it has
     * stopped, so that it cannot be holding the lock any more. */
    if (started) {
      SetEvent(stop);
      WaitForSingleObject(stopped, INFINITE);
    }
    EnterCriticalSection(&lock);
    printf("flushing %d rows\n", pending);
    pending = 0;
    LeaveCriticalSection(&lock);
    DeleteCriticalSection(&lock);
  }
  return TRUE;
}

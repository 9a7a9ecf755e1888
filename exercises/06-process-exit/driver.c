/* The DLL of exercise 06 (read README.md first): a driver that writes rows
 * out in the background, and flushes what is left when it is detached.
 *
 * A query adds a pending row.  The first query starts a flusher thread
 * that, every 5 ms, takes the driver's lock and writes the pending rows
 * out, which takes 5 ms, with the lock held.  DLL_PROCESS_DETACH takes the
 * same lock and writes what is still pending ("flushing N rows"), whatever
 * the reason for the detach.
 *
 * At process exit that is the bug: ExitProcess has already terminated the
 * flusher, wherever it was - perhaps in the middle of a write, holding the
 * lock, which then stays held forever.  And on FreeLibrary nobody stops
 * the flusher at all.
 *
 * The export: int driver_query(const char *sql) returns the number of
 * rows, always 1 here.
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
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  if (reason == DLL_PROCESS_DETACH) {
    EnterCriticalSection(&lock);
    printf("flushing %d rows\n", pending);
    pending = 0;
    LeaveCriticalSection(&lock);
    DeleteCriticalSection(&lock);
  }
  return TRUE;
}

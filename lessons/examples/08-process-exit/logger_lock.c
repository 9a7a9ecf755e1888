/* Lesson 8: a logger whose writer thread holds the log's lock while it
 * writes.  DLL_PROCESS_DETACH takes the same lock to flush what is left,
 * whatever lpReserved says.  At process exit the writer may have been
 * terminated in the middle of a write, with the lock held for ever. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION lock;
static int pending; /* lines written but not flushed yet */
static BOOL started;

static DWORD WINAPI writer_main(LPVOID arg) {
  (void)arg;
  for (;;) {
    EnterCriticalSection(&lock);
    Sleep(5); /* writing the pending lines to the log file */
    pending = 0;
    LeaveCriticalSection(&lock);
    Sleep(5);
  }
  return 0; /* not reached: the writer runs until the process ends */
}

__declspec(dllexport) void log_write(const char *line) {
  (void)line;
  if (!started) {
    started = TRUE;
    CloseHandle(CreateThread(NULL, 0, writer_main, NULL, 0, NULL));
  }
  EnterCriticalSection(&lock);
  pending++;
  LeaveCriticalSection(&lock);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  if (reason == DLL_PROCESS_DETACH) {
    EnterCriticalSection(&lock);
    printf("logger: flushing %d lines\n", pending);
    LeaveCriticalSection(&lock);
    DeleteCriticalSection(&lock);
  }
  return TRUE;
}

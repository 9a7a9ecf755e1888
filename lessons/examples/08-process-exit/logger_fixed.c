/* Lesson 8: the logger of logger_lock.c, fixed.  When the process is
 * ending (lpReserved non-NULL) the writer has been terminated, maybe in the
 * middle of a write with the lock held, so DLL_PROCESS_DETACH touches
 * nothing: the process is going away.  Only an unload by FreeLibrary
 * (lpReserved NULL) flushes here.  The price: the lines not yet written
 * when the process exits are lost, unless the program flushes them first. */
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
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  if (reason == DLL_PROCESS_DETACH && reserved == NULL) {
    EnterCriticalSection(&lock);
    printf("logger: flushing %d lines\n", pending);
    LeaveCriticalSection(&lock);
    DeleteCriticalSection(&lock);
  }
  return TRUE;
}

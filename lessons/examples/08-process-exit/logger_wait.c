/* Lesson 8: a logger whose DLL_PROCESS_DETACH asks the writer thread to
 * flush what is left and waits until the writer says it has stopped,
 * whatever lpReserved says.  At process exit the writer was terminated
 * before DLL_PROCESS_DETACH began: nobody will ever set `stopped`. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION lock;
static int pending; /* lines written but not flushed yet */
static HANDLE wake, stopped;
static volatile LONG stopping;

static DWORD WINAPI writer_main(LPVOID arg) {
  (void)arg;
  for (;;) {
    WaitForSingleObject(wake, INFINITE);
    EnterCriticalSection(&lock);
    pending = 0; /* the lines go to the log file */
    LeaveCriticalSection(&lock);
    if (stopping) break;
  }
  SetEvent(stopped);
  return 0;
}

__declspec(dllexport) void log_write(const char *line) {
  (void)line;
  if (!wake) {
    wake = CreateEventA(NULL, FALSE, FALSE, NULL);
    stopped = CreateEventA(NULL, TRUE, FALSE, NULL);
    CloseHandle(CreateThread(NULL, 0, writer_main, NULL, 0, NULL));
  }
  EnterCriticalSection(&lock);
  pending++;
  LeaveCriticalSection(&lock);
  SetEvent(wake);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) InitializeCriticalSection(&lock);
  if (reason == DLL_PROCESS_DETACH && wake) {
    InterlockedExchange(&stopping, 1);
    SetEvent(wake);
    WaitForSingleObject(stopped, INFINITE); /* the last lines are flushed */
    printf("logger: flushed and stopped\n");
  }
  return TRUE;
}

/* stopper.dll: a worker that finishes when asked to (see
 * exit_stopper_host.c).  stopper_start returns once the worker runs;
 * DLL_PROCESS_DETACH asks it to stop and waits for its answer, which
 * never comes when the process is exiting. */
#include <windows.h>
#include <stdio.h>

static HANDLE running, stop, stopped;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  SetEvent(running);
  WaitForSingleObject(stop, INFINITE);
  SetEvent(stopped);
  return 0;
}

__declspec(dllexport) void stopper_start(void) {
  running = CreateEventA(NULL, TRUE, FALSE, NULL);
  stop = CreateEventA(NULL, TRUE, FALSE, NULL);
  stopped = CreateEventA(NULL, TRUE, FALSE, NULL);
  CloseHandle(CreateThread(NULL, 0, worker, NULL, 0, NULL));
  WaitForSingleObject(running, INFINITE);
}

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  if (reason == DLL_PROCESS_DETACH && stop) {
    printf("stopper.dll PROCESS_DETACH reserved=%s: stopping the worker\n",
           reserved ? "set" : "NULL");
    SetEvent(stop);
    WaitForSingleObject(stopped, INFINITE);
    puts("stopper.dll: worker stopped (never printed at exit)");
  }
  return TRUE;
}

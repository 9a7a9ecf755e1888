/* A DLL that starts a worker from DLL_PROCESS_ATTACH and waits up to
 * 200 ms for it to start.  It cannot: a new thread takes the loader lock
 * (to send DLL_THREAD_ATTACH) before its start routine runs, and DllMain
 * holds that lock.  Waiting with a timeout keeps the probe from deadlocking;
 * waiting forever here is the bug of exercises/02-thread-in-dllmain. */
#include <stdio.h>

#include "probe.h"

static HANDLE started, finish, worker_thread;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  printf("worker: start routine runs\n");
  SetEvent(started);
  WaitForSingleObject(finish, INFINITE);
  return 0;
}

static const char *wait_name(DWORD w) {
  switch (w) {
  case WAIT_OBJECT_0: return "WAIT_OBJECT_0";
  case WAIT_TIMEOUT: return "WAIT_TIMEOUT";
  default: return "WAIT_FAILED";
  }
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  switch (reason) {
  case DLL_PROCESS_ATTACH:
    printf("spawner.dll PROCESS_ATTACH reserved=%s thread=%s\n", reserved ? "set" : "NULL",
           probe_thread_name());
    started = CreateEventA(NULL, TRUE, FALSE, NULL);
    finish = CreateEventA(NULL, TRUE, FALSE, NULL);
    worker_thread = probe_start_thread("worker 1", worker, NULL);
    printf("spawner.dll: worker created, waiting 200 ms for it to start\n");
    printf("spawner.dll: wait returned %s\n", wait_name(WaitForSingleObject(started, 200)));
    break;
  case DLL_PROCESS_DETACH:
    printf("spawner.dll PROCESS_DETACH reserved=%s thread=%s\n", reserved ? "set" : "NULL",
           probe_thread_name());
    CloseHandle(worker_thread);
    CloseHandle(started);
    CloseHandle(finish);
    break;
  case DLL_THREAD_ATTACH:
    printf("spawner.dll THREAD_ATTACH thread=%s\n", probe_thread_name());
    break;
  case DLL_THREAD_DETACH:
    printf("spawner.dll THREAD_DETACH thread=%s\n", probe_thread_name());
    break;
  }
  return TRUE;
}

/* Waits (outside DllMain) until the worker has started. */
__declspec(dllexport) void spawner_wait_started(void) { WaitForSingleObject(started, INFINITE); }

/* Lets the worker return and waits until it has exited. */
__declspec(dllexport) void spawner_join(void) {
  SetEvent(finish);
  WaitForSingleObject(worker_thread, INFINITE);
}

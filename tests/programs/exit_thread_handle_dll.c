/* joiner.dll: keeps a worker parked on an event nobody sets and joins it in
 * DLL_PROCESS_DETACH (waiting for a thread inside DllMain is against
 * Microsoft's guidance; at process exit it happens not to hang).  The
 * assertion makes an exhaustive search check the wait in every schedule. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE worker_thread, running, never;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  SetEvent(running);
  WaitForSingleObject(never, INFINITE);
  return 0;
}

__declspec(dllexport) void joiner_start(void) {
  running = CreateEventA(NULL, TRUE, FALSE, NULL);
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  worker_thread = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForSingleObject(running, INFINITE);
}

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  if (reason == DLL_PROCESS_DETACH && worker_thread) {
    DWORD w = WaitForSingleObject(worker_thread, INFINITE);
    DWORD code = 0;
    GetExitCodeThread(worker_thread, &code);
    printf("joiner.dll PROCESS_DETACH reserved=%s: wait -> %s, worker exit code %lu\n",
           reserved ? "set" : "NULL", w == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "other", code);
    assert(w == WAIT_OBJECT_0);
  }
  return TRUE;
}

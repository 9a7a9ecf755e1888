/* Exercise 02, wrong fix: start the worker lazily, on the first query,
 * outside the loader lock, where waiting for it is fine - but with nothing
 * to stop two first queries from starting it at the same time.
 *
 * Both see `port` still NULL, both create a ready event, a port and a
 * worker, and each overwrites what the other stored.  One of them then
 * waits for a ready event that its worker never sets (the worker sets
 * whichever event `ready` holds when it runs), or posts its query to a port
 * no worker serves: a deadlock (WRONG-FIXES.md, 2). */
#include <windows.h>

static HANDLE ready, port;

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  SetEvent(ready);
  ULONG_PTR key;
  DWORD bytes;
  LPOVERLAPPED ov;
  while (GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE)) SetEvent((HANDLE)ov);
  return 0;
}

static void start(void) {
  ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  CloseHandle(CreateThread(NULL, 0, worker_main, NULL, 0, NULL));
  WaitForSingleObject(ready, INFINITE);
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  if (!port) start();
  HANDLE done = CreateEventA(NULL, FALSE, FALSE, NULL);
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)done);
  WaitForSingleObject(done, INFINITE);
  CloseHandle(done);
  return 1;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reason;
  (void)reserved;
  return TRUE;
}

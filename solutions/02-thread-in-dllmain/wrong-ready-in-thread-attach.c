/* Exercise 02, wrong fix: let the worker say it is ready in its
 * DLL_THREAD_ATTACH instead of its start routine, which surely runs
 * earlier.
 *
 * It does run earlier, but not early enough: a new thread delivers
 * DLL_THREAD_ATTACH to each DLL with the loader lock held, and it cannot
 * take that lock while DLL_PROCESS_ATTACH, which holds it, waits for the
 * event.  The same deadlock (WRONG-FIXES.md, 1).
 */
#include <windows.h>

static HANDLE ready, port;

static DWORD worker_id;

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  ULONG_PTR key;
  DWORD bytes;
  LPOVERLAPPED ov;
  /* Each packet's lpOverlapped is the event of the query to answer. */
  while (GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE)) SetEvent((HANDLE)ov);
  return 0;
}

static void start(void) {
  ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  CloseHandle(CreateThread(NULL, 0, worker_main, NULL, 0, &worker_id));
  WaitForSingleObject(ready, INFINITE);
}

__declspec(dllexport) int driver_query(const char *sql) {
  (void)sql;
  HANDLE done = CreateEventA(NULL, FALSE, FALSE, NULL);
  PostQueuedCompletionStatus(port, 0, 1, (LPOVERLAPPED)done);
  WaitForSingleObject(done, INFINITE);
  CloseHandle(done);
  return 1;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) start();
  /* The wrong fix: the worker announces itself as early as it can, in its
   * own DLL_THREAD_ATTACH, before its start routine runs. */
  if (reason == DLL_THREAD_ATTACH && GetCurrentThreadId() == worker_id) SetEvent(ready);
  return TRUE;
}

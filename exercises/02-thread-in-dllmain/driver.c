/* The DLL of exercise 02 (read README.md first): a driver that starts its
 * worker thread when it is loaded.
 *
 * DLL_PROCESS_ATTACH creates a completion port and a worker thread that
 * serves queries posted to it, and waits until the worker says it is
 * ready, so that the first query never finds the worker missing.  The
 * worker cannot say anything before DllMain returns: a new thread first
 * delivers DLL_THREAD_ATTACH to every DLL, under the loader lock, and the
 * thread running DllMain holds that lock while it waits.
 *
 * The export: int driver_query(const char *sql) runs the query on the
 * worker and returns the number of rows, always 1 here.  The worker is
 * never stopped: the programs of this exercise never unload the driver,
 * and at process exit ExitProcess ends the worker.
 */
#include <windows.h>

static HANDLE ready, port;

static DWORD WINAPI worker_main(LPVOID arg) {
  (void)arg;
  SetEvent(ready);
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
  CloseHandle(CreateThread(NULL, 0, worker_main, NULL, 0, NULL));
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
  return TRUE;
}

/* The C runtime's exit (main returning) runs the program's atexit
 * functions, last registered first, before ExitProcess: other threads are
 * still running then, so an atexit function can still stop a worker and
 * wait for it, and DLL_PROCESS_DETACH comes after every atexit function. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

typedef void (*expect_fn)(int);

static HANDLE stop, worker_thread;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(stop, INFINITE);
  puts("worker: stopping");
  return 0;
}

static void registered_first(void) { puts("atexit: registered first, runs last"); }

static void registered_second(void) {
  puts("atexit: registered second, runs first; stops the worker");
  SetEvent(stop);
  DWORD w = WaitForSingleObject(worker_thread, INFINITE);
  printf("atexit: worker joined (%s)\n", w == WAIT_OBJECT_0 ? "WAIT_OBJECT_0" : "other");
}

int main(void) {
  HMODULE log = LoadLibraryA("log.dll");
  /* The worker's own exit is the only thread detach. */
  ((expect_fn)GetProcAddress(log, "log_expect_thread_detaches"))(1);
  stop = CreateEventA(NULL, TRUE, FALSE, NULL);
  worker_thread = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  atexit(registered_first);
  atexit(registered_second);
  puts("main returns");
  return 0;
}

/* Conformance probe: a thread created in DLL_PROCESS_ATTACH starts only
 * after DllMain returns.
 *
 * spawner.dll's DllMain creates a worker and waits 200 ms for its start
 * routine to signal an event: the wait times out (WAIT_TIMEOUT), because
 * the new thread first needs the loader lock, which the loading thread
 * holds for as long as DllMain runs.  Once LoadLibrary has returned, the
 * worker gets DLL_THREAD_ATTACH from spawner.dll (attached by then) and its
 * start routine runs.  The main thread prints nothing until the worker has
 * started, so the order of the lines is fixed. */
#include <stdio.h>

#include "probe.h"

typedef void (*spawner_fn)(void);

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  printf("main: LoadLibrary(spawner.dll)\n");
  HMODULE h = LoadLibraryA("spawner.dll");
  if (!h) {
    printf("main: LoadLibrary failed, error %lu\n", GetLastError());
    return 1;
  }
  spawner_fn wait_started = (spawner_fn)GetProcAddress(h, "spawner_wait_started");
  spawner_fn join = (spawner_fn)GetProcAddress(h, "spawner_join");
  wait_started();
  printf("main: LoadLibrary returned, and the worker has started\n");
  join();
  printf("main: the worker exited\n");
  FreeLibrary(h);
  return 0;
}

/* A DLL that stops its worker from DLL_PROCESS_DETACH by setting a "stop"
 * event and waiting for the worker's answer on a "stopped" event.  The
 * worker is running, parked in its wait for "stop", before main returns;
 * but at process exit it is terminated before DLL_PROCESS_DETACH is sent,
 * so nobody will ever set "stopped" and the exiting thread, holding the
 * loader lock, waits forever: a deadlock in every schedule. */
#include <windows.h>
#include <stdio.h>

typedef void (*start_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("stopper.dll");
  ((start_fn)GetProcAddress(h, "stopper_start"))();
  puts("main returns");
  return 0;
}

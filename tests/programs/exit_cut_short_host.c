/* At process exit a DLL's DLL_PROCESS_DETACH enters a critical section (or
 * takes an SRW lock) that a worker ExitProcess terminated was holding.
 * Windows ends the process right there: the rest of that DllMain, and the
 * detach of every DLL initialised before it (witness.dll, with its atexit
 * function), never run.  lockdll.dll is loaded last, so it is detached
 * first. */
#include <windows.h>
#include <stdio.h>

typedef void (*start_fn)(void);

int main(void) {
  LoadLibraryA("witness.dll");
  HMODULE h = LoadLibraryA("lockdll.dll");
  ((start_fn)GetProcAddress(h, "lockdll_start_holder"))();
  puts("main returns while the worker holds the lock");
  return 3;
}

/* A worker of lockdll.dll is terminated at process exit while it holds the
 * DLL's critical section.  Termination releases nothing, so when
 * DLL_PROCESS_DETACH enters the same critical section it waits for a
 * thread that no longer exists: the simulator reports a deadlock in every
 * schedule.  Windows does not wait there either way: XP let the caller
 * in, and since Vista entering an orphaned critical section during
 * process shutdown terminates the process on the spot (Raymond Chen,
 * "During process termination, the gates are now electrified"), so the
 * DLL's clean-up, and every DLL detached after it, never run. */
#include <windows.h>
#include <stdio.h>

typedef void (*start_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("lockdll.dll");
  ((start_fn)GetProcAddress(h, "lockdll_start_holder"))();
  puts("main returns while the worker holds g_lock");
  return 0;
}

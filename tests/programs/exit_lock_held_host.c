/* A worker of lockdll.dll is terminated at process exit while it holds the
 * DLL's lock.  Termination releases nothing, so when DLL_PROCESS_DETACH
 * takes the same lock, nobody can ever release it.  Windows does not wait
 * there: since Vista entering an orphaned critical section during process
 * shutdown terminates the process on the spot (Raymond Chen, "During
 * process termination, the gates are now electrified"; SRW locks too since
 * Windows 7), so the DLL's clean-up, and every DLL detached after it, never
 * run.  The simulator's verdict is "process exit cut short". */
#include <windows.h>
#include <stdio.h>

typedef void (*start_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("lockdll.dll");
  ((start_fn)GetProcAddress(h, "lockdll_start_holder"))();
  puts("main returns while the worker holds g_lock");
  return 0;
}

/* ExitProcess terminates every other thread before DLL_PROCESS_DETACH, and
 * a terminated thread's handle is signalled, as on Windows: joiner.dll
 * waits for its (terminated) worker in DLL_PROCESS_DETACH and the wait
 * returns at once, with the process exit code as the thread's exit code.
 * main returns 3. */
#include <windows.h>
#include <stdio.h>

typedef void (*start_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("joiner.dll");
  ((start_fn)GetProcAddress(h, "joiner_start"))();
  puts("main returns 3");
  return 3;
}

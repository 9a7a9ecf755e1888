/* At process exit DLL_PROCESS_DETACH goes to every module in the reverse of
 * the order they were initialised (attached), not the order they were
 * declared or first loaded.  a.dll, b.dll and c.dll are declared in that
 * order; a.dll is loaded first, unloaded, and loaded again after c.dll, so
 * its initialisation is the latest: the exit order is a, c, b. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HMODULE a = LoadLibraryA("a.dll");
  LoadLibraryA("b.dll");
  LoadLibraryA("c.dll");
  FreeLibrary(a);
  LoadLibraryA("a.dll");
  puts("main returns");
  return 0;
}

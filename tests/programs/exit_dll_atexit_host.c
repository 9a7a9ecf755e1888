/* A DLL's atexit functions belong to the DLL: they run when it is
 * unloaded, right after its DLL_PROCESS_DETACH, whether that is at
 * FreeLibrary or at process exit; the program's own atexit functions run
 * earlier at exit, before any DLL is detached. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static void host_atexit(void) { puts("host atexit"); }

int main(void) {
  atexit(host_atexit);
  HMODULE h = LoadLibraryA("atexit.dll");
  puts("main: FreeLibrary");
  FreeLibrary(h);
  puts("main: after FreeLibrary");
  LoadLibraryA("atexit.dll");
  puts("main returns");
  return 0;
}

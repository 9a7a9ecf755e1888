/* lpReserved in DLL_PROCESS_DETACH tells a DLL why it is detached: NULL
 * when FreeLibrary unloads it, non-NULL when the process exits.  This host
 * loads log.dll, frees it, loads it again and returns from main. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HMODULE h = LoadLibraryA("log.dll");
  puts("main: FreeLibrary");
  FreeLibrary(h);
  LoadLibraryA("log.dll");
  puts("main returns");
  return 0;
}

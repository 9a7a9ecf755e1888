/* LoadLibrary counts references; the last FreeLibrary unloads (DLL_PROCESS_DETACH
 * with lpReserved NULL); GetModuleHandle does not count one. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HMODULE a = LoadLibraryA("a.dll");
  HMODULE again = LoadLibraryA("A");          /* suffix and case do not matter */
  printf("same handle: %d\n", a == again);
  HMODULE peek = GetModuleHandleA("a.dll");
  printf("GetModuleHandle: %d\n", peek == a);
  FreeLibrary(a);
  printf("after one FreeLibrary: %s\n", GetModuleHandleA("a.dll") ? "loaded" : "unloaded");
  FreeLibrary(a);
  printf("after two: %s\n", GetModuleHandleA("a.dll") ? "loaded" : "unloaded");
  SetLastError(0);
  BOOL third = FreeLibrary(a);
  printf("third FreeLibrary: %d error %lu\n", third, GetLastError());
  HMODULE missing = LoadLibraryA("nosuch.dll");
  printf("missing: %p error %lu\n", (void *)missing, GetLastError());
  return 0;
}

/* DllMain returning FALSE fails LoadLibrary (ERROR_DLL_INIT_FAILED) after
 * DLL_PROCESS_DETACH; the next load starts from fresh static data. */
#include <windows.h>
#include <stdio.h>

__declspec(dllexport) int refuse_next_attach = 1;

int main(void) {
  HMODULE h = LoadLibraryA("refuse.dll");
  printf("first load: %s error %lu\n", h ? "loaded" : "NULL", GetLastError());
  printf("loaded now: %s\n", GetModuleHandleA("refuse.dll") ? "yes" : "no");
  h = LoadLibraryA("refuse.dll");
  printf("second load: %s\n", h ? "loaded" : "NULL");
  if (h) FreeLibrary(h);
  return 0;
}

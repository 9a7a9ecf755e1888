/* GetModuleHandleEx: PIN keeps a module forever, the plain form counts a
 * reference, UNCHANGED_REFCOUNT does not, FROM_ADDRESS finds the module
 * containing an address; GetModuleFileName truncates a short buffer. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HMODULE a = LoadLibraryA("a.dll");
  HMODULE h = NULL;
  GetModuleHandleExA(0, "a.dll", &h);
  FreeLibrary(a);
  printf("plain Ex counted: %s\n", GetModuleHandleA("a.dll") ? "yes" : "no");
  FreeLibrary(a);
  GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, "a.dll", &h);
  printf("unchanged refcount, unloaded: %s\n", h ? "found" : "NULL");

  a = LoadLibraryA("a.dll");
  FARPROC f = GetProcAddress(a, "exported_answer");
  HMODULE by_addr = NULL;
  GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                     (LPCSTR)(void *)f, &by_addr);
  printf("from address: %d\n", by_addr == a);
  char buf[8];
  DWORD n = GetModuleFileNameA(a, buf, sizeof buf);
  printf("short buffer: %lu \"%s\" error %lu\n", n, buf, GetLastError());
  char full[MAX_PATH];
  n = GetModuleFileNameA(a, full, sizeof full);
  printf("full: %lu %s\n", n, full);
  GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_PIN, "a.dll", &h);
  FreeLibrary(a);
  FreeLibrary(a);
  printf("pinned after FreeLibrary: %s\n", GetModuleHandleA("a.dll") ? "loaded" : "unloaded");
  return 0;
}

/* Conformance probe: LoadLibraryEx with the flags DLLs use.
 *
 * The plug-in lives in the application's folder: no flags,
 * LOAD_LIBRARY_SEARCH_APPLICATION_DIR, _DEFAULT_DIRS and
 * LOAD_WITH_ALTERED_SEARCH_PATH find it; LOAD_LIBRARY_SEARCH_SYSTEM32
 * alone does not (ERROR_MOD_NOT_FOUND, 126), though it finds kernel32.dll.  LOAD_WITH_ALTERED_SEARCH_PATH
 * with a LOAD_LIBRARY_SEARCH flag is ERROR_INVALID_PARAMETER (87).  hFile
 * is reserved: Windows since Vista ignores it (Wine's tests show a call
 * with a bogus hFile failing only because of its locked file), and so
 * does Wine.
 */
#include <stdio.h>
#include <windows.h>

static void try_load(const char *what, DWORD flags) {
  SetLastError(0);
  HMODULE h = LoadLibraryExA("loadex_plugin.dll", NULL, flags);
  printf("main: %s: %s, error %lu\n", what, h ? "loaded" : "NULL", h ? 0 : GetLastError());
  if (h) FreeLibrary(h);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  try_load("no flags", 0);
  try_load("LOAD_LIBRARY_SEARCH_APPLICATION_DIR", LOAD_LIBRARY_SEARCH_APPLICATION_DIR);
  try_load("LOAD_LIBRARY_SEARCH_DEFAULT_DIRS", LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
  try_load("LOAD_LIBRARY_SEARCH_SYSTEM32", LOAD_LIBRARY_SEARCH_SYSTEM32);
  try_load("LOAD_WITH_ALTERED_SEARCH_PATH", LOAD_WITH_ALTERED_SEARCH_PATH);
  try_load("LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_SYSTEM32",
           LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_SYSTEM32);
  SetLastError(0);
  HMODULE h = LoadLibraryExA("loadex_plugin.dll", (HANDLE)(INT_PTR)4, 0);
  printf("main: hFile, which is reserved, ignored: %s\n", h ? "loaded" : "NULL");
  if (h) FreeLibrary(h);
  h = LoadLibraryExW(L"loadex_plugin.dll", NULL, LOAD_LIBRARY_SEARCH_APPLICATION_DIR);
  printf("main: LoadLibraryExW: %s\n", h ? "loaded" : "NULL");
  FreeLibrary(h);
  /* The system modules are in System32, so that flag alone finds them. */
  h = LoadLibraryExA("kernel32.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
  printf("main: kernel32.dll with LOAD_LIBRARY_SEARCH_SYSTEM32: %s, the same as GetModuleHandle: %s\n",
         h ? "loaded" : "NULL", h == GetModuleHandleA("kernel32.dll") ? "yes" : "no");
  if (h) FreeLibrary(h);
  return 0;
}

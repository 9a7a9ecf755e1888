/* LoadLibraryEx with the flags DLLs use: the plug-in lives in the
 * application's folder, so the searches that include it load it, and
 * System32 alone does not; an invalid combination is refused and the
 * reserved file handle ignored. */
#include <windows.h>
#include <stdio.h>

static void try_load(const char *what, const char *name, DWORD flags) {
  SetLastError(0);
  HMODULE h = LoadLibraryExA(name, NULL, flags);
  printf("%s: %s, error %lu\n", what, h ? "loaded" : "NULL", h ? 0 : GetLastError());
  if (h) FreeLibrary(h);
}

int main(void) {
  try_load("no flags", "plugin.dll", 0);
  try_load("LOAD_LIBRARY_SEARCH_APPLICATION_DIR", "plugin.dll", LOAD_LIBRARY_SEARCH_APPLICATION_DIR);
  try_load("LOAD_LIBRARY_SEARCH_DEFAULT_DIRS", "plugin.dll", LOAD_LIBRARY_SEARCH_DEFAULT_DIRS);
  try_load("LOAD_LIBRARY_SEARCH_SYSTEM32", "plugin.dll", LOAD_LIBRARY_SEARCH_SYSTEM32);
  try_load("LOAD_WITH_ALTERED_SEARCH_PATH", "plugin.dll", LOAD_WITH_ALTERED_SEARCH_PATH);
  try_load("LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_SYSTEM32", "plugin.dll",
           LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY_SEARCH_SYSTEM32);
  SetLastError(0);
  HMODULE h = LoadLibraryExA("plugin.dll", (HANDLE)(INT_PTR)4, 0);
  printf("a file handle, which is reserved: %s\n", h ? "loaded" : "NULL");
  if (h) FreeLibrary(h);
  SetLastError(0);
  h = LoadLibraryExW(L"plugin.dll", NULL, LOAD_LIBRARY_SEARCH_APPLICATION_DIR);
  printf("LoadLibraryExW: %s\n", h ? "loaded" : "NULL");
  HMODULE again = LoadLibraryExA("plugin.dll", NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
  printf("already loaded, then LOAD_LIBRARY_SEARCH_SYSTEM32: %s\n", again ? "the loaded one" : "NULL");
  if (again) FreeLibrary(again);
  FreeLibrary(h);
  return 0;
}

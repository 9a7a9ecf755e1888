/* Calls LoadLibrary from DllMain, which Microsoft's guidance forbids. */
#include <windows.h>

static HMODULE other;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) other = LoadLibraryA("a.dll");
  if (reason == DLL_PROCESS_DETACH && other) FreeLibrary(other);
  return TRUE;
}

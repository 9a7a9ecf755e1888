/* registry.dll: keeps a table guarded by g_lock and registers itself in it
 * from DLL_PROCESS_ATTACH, that is, under the loader lock: "loader lock,
 * then g_lock".  Its lookups take g_lock and then ask the loader something
 * (GetModuleHandleA, or LoadLibraryA and FreeLibrary), which takes the
 * loader lock: "g_lock, then loader lock".  The two orders together are a
 * deadlock as soon as a lookup runs while another thread loads the DLL. */
#include <windows.h>
#include <stdio.h>

static CRITICAL_SECTION g_lock;
static int entries;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) {
    InitializeCriticalSection(&g_lock);
    EnterCriticalSection(&g_lock);
    entries++;
    LeaveCriticalSection(&g_lock);
  }
  return TRUE;
}

__declspec(dllexport) int lookup_with_get_module_handle(void) {
  EnterCriticalSection(&g_lock);
  HMODULE self = GetModuleHandleA("registry.dll");
  int n = self ? entries : -1;
  LeaveCriticalSection(&g_lock);
  return n;
}

__declspec(dllexport) int lookup_with_load_library(void) {
  EnterCriticalSection(&g_lock);
  HMODULE self = LoadLibraryA("registry.dll");
  int n = self ? entries : -1;
  FreeLibrary(self);
  LeaveCriticalSection(&g_lock);
  return n;
}

/* Counts the thread notifications it gets. */
#include <windows.h>

static volatile LONG g_attached, g_detached;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_THREAD_ATTACH) InterlockedIncrement(&g_attached);
  if (reason == DLL_THREAD_DETACH) InterlockedIncrement(&g_detached);
  return TRUE;
}

__declspec(dllexport) LONG attached(void) { return g_attached; }

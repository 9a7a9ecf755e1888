/* Lesson 2: the plugin of plugin.c, fixed.  DllMain asks for the log line
 * and returns without waiting for it: the logger writes it once the loader
 * lock is free. */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) {
    HANDLE request = CreateEventA(NULL, FALSE, FALSE, "log-request");
    SetEvent(request);
    CloseHandle(request);
  }
  return TRUE;
}

__declspec(dllexport) int plugin_version(void) { return 2; }

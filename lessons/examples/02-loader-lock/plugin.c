/* Lesson 2: a plugin whose DllMain asks the host's logging thread to write
 * "plugin loaded" and waits until the line is written.  The logging thread
 * names the module in its line, and looking a module up takes the loader
 * lock, which the thread running DllMain holds. */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) {
    HANDLE request = CreateEventA(NULL, FALSE, FALSE, "log-request");
    HANDLE written = CreateEventA(NULL, FALSE, FALSE, "log-written");
    SetEvent(request);
    WaitForSingleObject(written, INFINITE);
    CloseHandle(request);
    CloseHandle(written);
  }
  return TRUE;
}

__declspec(dllexport) int plugin_version(void) { return 2; }

/* owner.dll: holds the only reference to another module and frees it from
 * DLL_PROCESS_DETACH, even at process exit (the mistake Microsoft's
 * DllMain guidance warns about; see exit_freelibrary_host.c). */
#include <windows.h>
#include <stdio.h>

static HMODULE adopted;

__declspec(dllexport) void owner_adopt(HMODULE h) { adopted = h; }

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  if (reason == DLL_PROCESS_DETACH && adopted) {
    BOOL ok = FreeLibrary(adopted);
    printf("owner.dll PROCESS_DETACH reserved=%s: FreeLibrary(plugin) -> %s\n",
           reserved ? "set" : "NULL", ok ? "TRUE" : "FALSE");
  }
  return TRUE;
}

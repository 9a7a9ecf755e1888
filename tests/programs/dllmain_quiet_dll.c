/* A DLL that disables thread notifications in its attach. */
#include <windows.h>
#include <stdio.h>

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) DisableThreadLibraryCalls(h);
  if (reason == DLL_THREAD_ATTACH || reason == DLL_THREAD_DETACH)
    printf("quiet.dll got a thread notification\n");
  return TRUE;
}

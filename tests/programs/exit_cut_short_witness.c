/* witness.dll: detached after lockdll.dll at process exit (it was loaded
 * first) and registers an atexit function; it prints both, if they run. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static void at_exit(void) { puts("witness.dll: atexit function"); }

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  if (reason == DLL_PROCESS_ATTACH) atexit(at_exit);
  if (reason == DLL_PROCESS_DETACH) printf("witness.dll PROCESS_DETACH reserved=%s\n", reserved ? "set" : "NULL");
  return TRUE;
}

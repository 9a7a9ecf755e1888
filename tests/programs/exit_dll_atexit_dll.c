/* atexit.dll: registers an atexit function when it attaches (as a C++
 * global with a destructor would) and prints when each runs. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static void dll_atexit(void) { puts("atexit.dll: its atexit function"); }

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  if (reason == DLL_PROCESS_ATTACH) {
    puts("atexit.dll PROCESS_ATTACH: registers its atexit function");
    atexit(dll_atexit);
  } else if (reason == DLL_PROCESS_DETACH) {
    printf("atexit.dll PROCESS_DETACH reserved=%s\n", reserved ? "set" : "NULL");
  }
  return TRUE;
}

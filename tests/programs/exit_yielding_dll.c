/* yielding.dll: prints every DllMain call and yields once inside it, so a
 * schedule can switch threads in the middle of a notification. */
#include <windows.h>
#include <stdio.h>

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  printf("yielding.dll reason=%lu reserved=%s thread=%lu\n", reason, reserved ? "set" : "NULL",
         GetCurrentThreadId());
  Sleep(0);
  return TRUE;
}

/* ExitProcess takes the loader lock before it terminates anything.  A
 * worker is inside slow.dll's DLL_PROCESS_ATTACH (holding the loader lock)
 * when main returns: the exit must wait until that DllMain has returned,
 * and only then terminate the worker and send DLL_PROCESS_DETACH.  slow.dll
 * asserts, in DLL_PROCESS_DETACH, that its attach ran to the end. */
#include <windows.h>
#include <stdio.h>

static HANDLE never;

static DWORD WINAPI loads_slow_dll(LPVOID arg) {
  (void)arg;
  LoadLibraryA("slow.dll");
  puts("worker: LoadLibraryA returned");
  /* Park here so that the exit has a thread to terminate. */
  WaitForSingleObject(never, INFINITE);
  return 0;
}

int main(void) {
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  /* slow.dll sets this event from inside its DLL_PROCESS_ATTACH. */
  HANDLE inside = CreateEventA(NULL, TRUE, FALSE, "slow-dll-attaching");
  CreateThread(NULL, 0, loads_slow_dll, NULL, 0, NULL);
  WaitForSingleObject(inside, INFINITE);
  puts("main returns while the worker is inside DllMain");
  return 0;
}

/* After LoadLibrary returns, the thread DllMain created can start. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HMODULE h = LoadLibraryA("spawn.dll");
  HANDLE started = CreateEventA(NULL, TRUE, FALSE, "worker-started");
  DWORD r = WaitForSingleObject(started, INFINITE);
  printf("after LoadLibrary: %s\n", r == WAIT_OBJECT_0 ? "the worker started" : "no worker");
  CloseHandle(started);
  return h ? 0 : 1;
}

/* Starts the worker, drops its own reference, waits for the worker. */
#include <windows.h>
#include <stdio.h>

typedef HANDLE (*start_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("selffree.dll");
  HANDLE worker = ((start_fn)GetProcAddress(h, "start_worker"))();
  FreeLibrary(h);
  WaitForSingleObject(worker, INFINITE);
  printf("worker done; selffree.dll %s\n", GetModuleHandleA("selffree.dll") ? "loaded" : "unloaded");
  CloseHandle(worker);
  return 0;
}

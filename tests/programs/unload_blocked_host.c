/* Unloads the DLL while its worker waits, then wakes the worker. */
#include <windows.h>

typedef HANDLE (*start_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("blocked.dll");
  HANDLE worker = ((start_fn)GetProcAddress(h, "start_worker"))();
  HANDLE wake = CreateEventA(NULL, FALSE, FALSE, "wake-worker");
  Sleep(10); /* let the worker reach its wait */
  FreeLibrary(h);
  SetEvent(wake);
  WaitForSingleObject(worker, INFINITE);
  return 0;
}

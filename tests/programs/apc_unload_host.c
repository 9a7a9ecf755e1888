/* An APC whose code is in a DLL that was unloaded before the thread got
 * alertable: running it is an access violation. */
#include <windows.h>

int main(void) {
  HMODULE dll = LoadLibraryA("queuer.dll");
  void (*queue_later)(void) = (void (*)(void))GetProcAddress(dll, "queue_later");
  queue_later();
  FreeLibrary(dll);
  SleepEx(0, TRUE);
  return 0;
}

/* Uses the leaky DLL and unloads it. */
#include <windows.h>

typedef void (*start_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("leaky.dll");
  ((start_fn)GetProcAddress(h, "start"))();
  Sleep(10);
  FreeLibrary(h);
  return 0;
}

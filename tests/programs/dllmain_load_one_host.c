/* Loads spawn.dll and unloads it. */
#include <windows.h>

int main(void) {
  HMODULE h = LoadLibraryA("spawn.dll");
  if (h) FreeLibrary(h);
  return 0;
}

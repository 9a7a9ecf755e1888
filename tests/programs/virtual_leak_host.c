#include <windows.h>

int main(void) {
  HMODULE h = LoadLibraryA("leaky.dll");
  FreeLibrary(h);
  return 0;
}

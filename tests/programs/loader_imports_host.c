/* Loading a DLL loads (and attaches) what it imports first; unloading it
 * detaches it first, then what it imports. */
#include <windows.h>
#include <stdio.h>

typedef int (*int_fn)(void);

int main(void) {
  HMODULE top = LoadLibraryA("top.dll");
  int_fn f = (int_fn)GetProcAddress(top, "top_value");
  printf("top_value: %d\n", f());
  printf("base loaded: %s\n", GetModuleHandleA("base.dll") ? "yes" : "no");
  FreeLibrary(top);
  printf("base after: %s\n", GetModuleHandleA("base.dll") ? "yes" : "no");
  return 0;
}

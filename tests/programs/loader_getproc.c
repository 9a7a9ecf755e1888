/* GetProcAddress finds exported functions only; calling one works. */
#include <windows.h>
#include <stdio.h>

typedef int (*int_fn)(void);

int main(void) {
  HMODULE a = LoadLibraryA("a.dll");
  int_fn answer = (int_fn)GetProcAddress(a, "exported_answer");
  int_fn helper = (int_fn)GetProcAddress(a, "uses_helper");
  printf("exported_answer: %d\n", answer ? answer() : -1);
  printf("uses_helper: %d\n", helper ? helper() : -1);
  SetLastError(0);
  FARPROC hidden = GetProcAddress(a, "not_exported");
  DWORD error = GetLastError();
  printf("not_exported: %s error %lu\n", hidden ? "found" : "NULL", error);
  printf("static_helper: %s\n", GetProcAddress(a, "static_helper") ? "found" : "NULL");
  printf("printf: %s\n", GetProcAddress(a, "printf") ? "found" : "NULL");
  FreeLibrary(a);
  return 0;
}

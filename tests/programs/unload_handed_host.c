/* The host takes a thread handle and a heap block from handy.dll, unloads
 * the DLL, and never closes or frees them: its own leaks at process end,
 * not the DLL's. */
#include <windows.h>
#include <stdio.h>

typedef HANDLE (*start_fn)(void);
typedef char *(*greeting_fn)(void);

static HANDLE g_worker;

int main(void) {
  HMODULE h = LoadLibraryA("handy.dll");
  g_worker = ((start_fn)GetProcAddress(h, "handy_start_worker"))();
  char *greeting = ((greeting_fn)GetProcAddress(h, "handy_greeting"))();
  WaitForSingleObject(g_worker, INFINITE);
  FreeLibrary(h);
  printf("%s\n", greeting);
  return 0;
}

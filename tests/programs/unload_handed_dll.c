/* handy.dll: hands its caller a thread handle and a heap block, keeping no
 * copy of either; what the caller does with them is the caller's
 * business. */
#include <windows.h>
#include <stdlib.h>
#include <string.h>

static DWORD WINAPI quick(LPVOID arg) {
  (void)arg;
  return 0;
}

__declspec(dllexport) HANDLE handy_start_worker(void) {
  return CreateThread(NULL, 0, quick, NULL, 0, NULL);
}

__declspec(dllexport) char *handy_greeting(void) {
  char *s = malloc(16);
  strcpy(s, "hello");
  return s;
}

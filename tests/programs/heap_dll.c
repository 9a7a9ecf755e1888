/* The DLL half of heap_host.c: keeps two blocks (HeapAlloc 8 bytes, malloc
 * 24 bytes) and frees a third. */
#include <windows.h>
#include <stdlib.h>

static void *g_a, *g_b;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reason;
  (void)reserved;
  return TRUE;
}

__declspec(dllexport) void keep_two_blocks(void) {
  g_a = HeapAlloc(GetProcessHeap(), 0, 8);
  g_b = malloc(24);
  void *c = malloc(1000);
  free(c);
}

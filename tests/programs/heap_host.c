/* Memory left allocated at process end is reported per module: the host
 * keeps one malloc block, heap_dll.c keeps a HeapAlloc block and a malloc
 * block; everything freed (malloc/free, HeapAlloc/HeapFree) is not
 * reported. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static void *g_kept;

int main(void) {
  g_kept = malloc(16);
  void *gone = malloc(100);
  free(gone);
  void *zeroed = HeapAlloc(GetProcessHeap(), HEAP_ZERO_MEMORY, 50);
  HeapFree(GetProcessHeap(), 0, zeroed);
  HMODULE dll = LoadLibraryA("heapdll.dll");
  void (*keep_two)(void) = (void (*)(void))GetProcAddress(dll, "keep_two_blocks");
  keep_two();
  puts("done");
  return 0;
}

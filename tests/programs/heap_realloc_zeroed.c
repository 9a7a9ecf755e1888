/* HeapReAlloc with HEAP_ZERO_MEMORY zeroes the part of the block that
 * grows, as documented; the freed 4 KiB block leaves dirty memory behind
 * for the next run in the same process to be handed. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  HANDLE heap = GetProcessHeap();
  char *dirty = HeapAlloc(heap, 0, 4096);
  memset(dirty, 0x5a, 4096);
  HeapFree(heap, 0, dirty);
  unsigned char *p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 16);
  p = HeapReAlloc(heap, HEAP_ZERO_MEMORY, p, 4096);
  int nonzero = 0;
  for (int i = 0; i < 4096; i++) nonzero += p[i] != 0;
  printf("non-zero bytes after growing a zeroed block: %d\n", nonzero);
  HeapFree(heap, 0, p);
  return 0;
}

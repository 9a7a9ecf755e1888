/* HeapFree of a block that was already freed: heap corruption. */
#include <windows.h>

int main(void) {
  void *p = HeapAlloc(GetProcessHeap(), 0, 8);
  HeapFree(GetProcessHeap(), 0, p);
  HeapFree(GetProcessHeap(), 0, p);
  return 0;
}

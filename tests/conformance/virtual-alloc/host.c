/* Conformance probe: VirtualAlloc and VirtualFree.  A region is 64 KiB
 * aligned and zeroed; MEM_COMMIT inside it returns the page and keeps
 * the contents; decommitted pages read as zero once committed again;
 * MEM_RELEASE needs a size of 0 (else 87) and the region's base (else
 * ERROR_INVALID_ADDRESS, 487: NT's STATUS_FREE_VM_NOT_AT_BASE); a size of
 * 0 is 87.  Releasing twice frees an address that is not allocated:
 * Windows' kernel reports STATUS_MEMORY_NOT_ALLOCATED, which is 487;
 * Wine 8.0 reports ERROR_INVALID_PARAMETER (87): expected-wine.txt.
 */
#include <windows.h>
#include <stdio.h>

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  unsigned char *p = VirtualAlloc(NULL, 10000, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
  int zero = 1;
  for (int i = 0; i < 10000; i++) zero &= p[i] == 0;
  printf("a region: 64 KiB-aligned %s, zeroed %s\n", ((ULONG_PTR)p & 0xFFFF) == 0 ? "yes" : "no", zero ? "yes" : "no");
  p[5000] = 42;
  unsigned char *c = VirtualAlloc(p + 4100, 10, MEM_COMMIT, PAGE_READWRITE);
  printf("MEM_COMMIT inside it returns its page: %s, contents kept: %s\n", c == p + 4096 ? "yes" : "no",
         c[904] == 42 ? "yes" : "no");
  printf("VirtualFree(MEM_DECOMMIT) of that page: %s\n", VirtualFree(p + 4096, 4096, MEM_DECOMMIT) ? "TRUE" : "FALSE");
  c = VirtualAlloc(p + 4096, 4096, MEM_COMMIT, PAGE_READWRITE);
  printf("committed again, it reads zero: %s\n", c && c[904] == 0 ? "yes" : "no");
  SetLastError(0);
  BOOL ok = VirtualFree(p, 10000, MEM_RELEASE);
  printf("MEM_RELEASE with a size: %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  SetLastError(0);
  ok = VirtualFree(p + 4096, 0, MEM_RELEASE);
  printf("MEM_RELEASE not at the base: %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  printf("MEM_RELEASE at the base: %s\n", VirtualFree(p, 0, MEM_RELEASE) ? "TRUE" : "FALSE");
  SetLastError(0);
  ok = VirtualFree(p, 0, MEM_RELEASE);
  printf("released twice: %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  SetLastError(0);
  void *z = VirtualAlloc(NULL, 0, MEM_COMMIT, PAGE_READWRITE);
  printf("size 0: %s, error %lu\n", z ? "a region" : "NULL", GetLastError());
  return 0;
}

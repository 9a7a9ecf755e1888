/* TlsAlloc hands out distinct slots; TlsGetValue clears the last error when
 * it succeeds (so a NULL value can be told from a failure); TlsFree of a
 * free slot fails with ERROR_INVALID_PARAMETER; a slot allocated again
 * reads NULL. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  static int value;
  DWORD a = TlsAlloc(), b = TlsAlloc();
  printf("distinct: %d, valid: %d\n", a != b, a != TLS_OUT_OF_INDEXES && b != TLS_OUT_OF_INDEXES);
  TlsSetValue(a, &value);
  SetLastError(5);
  LPVOID got = TlsGetValue(a);
  DWORD error = GetLastError();
  printf("get: own value %d, last error %lu\n", got == &value, error);
  BOOL freed = TlsFree(a);
  BOOL freed_again = TlsFree(a);
  DWORD free_error = GetLastError();
  printf("free: %d, free again: %d, error %lu\n", freed, freed_again, free_error);
  DWORD c = TlsAlloc();
  printf("the freed slot is reused: %d, and reads NULL: %d\n", c == a, TlsGetValue(c) == NULL);
  TlsFree(b);
  TlsFree(c);
  return 0;
}

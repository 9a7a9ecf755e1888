/* A process has 1,088 TLS indexes (64 plus 1,024 expansion slots): count
 * them, check that an expansion slot works in main and in another thread,
 * then what a freed index and an index out of range do. */
#include <windows.h>
#include <stdio.h>

static DWORD indexes[1200];
static int n;

static DWORD WINAPI other(LPVOID arg) {
  DWORD last = *(DWORD *)arg;
  printf("other thread: last index reads %s, ", TlsGetValue(last) == NULL ? "NULL" : "a value");
  TlsSetValue(last, (LPVOID)2);
  printf("then its own value: %s\n", TlsGetValue(last) == (LPVOID)2 ? "yes" : "no");
  return 0;
}

int main(void) {
  for (n = 0; n < 1200; n++) {
    indexes[n] = TlsAlloc();
    if (indexes[n] == TLS_OUT_OF_INDEXES) break;
  }
  printf("TlsAlloc gave %d indexes, then TLS_OUT_OF_INDEXES with error %lu\n", n, GetLastError());
  DWORD last = indexes[n - 1];
  TlsSetValue(last, (LPVOID)1);
  HANDLE t = CreateThread(NULL, 0, other, &last, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  printf("main: last index still reads its own value: %s\n", TlsGetValue(last) == (LPVOID)1 ? "yes" : "no");

  TlsFree(last);
  SetLastError(123);
  LPVOID v = TlsGetValue(last);
  printf("freed index: TlsGetValue %s, error %lu\n", v ? "a value" : "NULL", GetLastError());
  SetLastError(123);
  BOOL ok = TlsSetValue(last, (LPVOID)3);
  printf("freed index: TlsSetValue %s, then reads %s\n", ok ? "TRUE" : "FALSE",
         TlsGetValue(last) == (LPVOID)3 ? "the value" : "something else");
  SetLastError(0);
  v = TlsGetValue(1088);
  printf("index 1088: TlsGetValue %s, error %lu\n", v ? "a value" : "NULL", GetLastError());
  SetLastError(0);
  ok = TlsSetValue(1088, (LPVOID)4);
  printf("index 1088: TlsSetValue %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  for (int i = 0; i < n - 1; i++) TlsFree(indexes[i]);
  return 0;
}

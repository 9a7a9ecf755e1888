/* Conformance probe: TLS indexes.
 *
 * TlsAlloc's documentation gives a process 1,088 indexes (64, plus 1,024
 * expansion slots since Windows 2000).  The system's own DLLs may hold a
 * few, so the probe prints only that more than 1,024 were free before
 * TlsAlloc failed (the simulator's test checks exactly 1,088, where nothing
 * else takes any).  An expansion slot is per thread like the others.
 * TlsGetValue and TlsSetValue do "minimal parameter validation": a freed
 * index reads NULL (TlsFree cleared it) with no error and can be written;
 * only an index of 1,088 or more fails, with ERROR_INVALID_PARAMETER (87).
 * Wine's kernelbase does exactly this. */
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
  setvbuf(stdout, NULL, _IONBF, 0);
  for (n = 0; n < 1200; n++) {
    indexes[n] = TlsAlloc();
    if (indexes[n] == TLS_OUT_OF_INDEXES) break;
  }
  DWORD error = GetLastError();
  printf("TlsAlloc gave more than 1024 indexes: %s, then TLS_OUT_OF_INDEXES with error %lu\n",
         n > 1024 ? "yes" : "no", error);
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

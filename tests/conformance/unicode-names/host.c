/* Conformance probe: a UNICODE build.  The unsuffixed names are the W
 * functions and TEXT() makes wide strings: a mutex created and opened by
 * TEXT() name is also found by OpenMutexA with the narrow name, and a
 * semaphore released through the handle OpenSemaphore gave is the one
 * CreateSemaphore made.
 */
#define UNICODE
#include <stdio.h>
#include <windows.h>

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HANDLE m = CreateMutex(NULL, FALSE, TEXT("loaderlab-wide-mutex"));
  HANDLE o = OpenMutex(SYNCHRONIZE, FALSE, TEXT("loaderlab-wide-mutex"));
  HANDLE a = OpenMutexA(SYNCHRONIZE, FALSE, "loaderlab-wide-mutex");
  printf("main: CreateMutex and OpenMutex by TEXT() name: %s, OpenMutexA finds it too: %s\n",
         o ? "opened" : "NULL", a ? "yes" : "no");
  HANDLE s = CreateSemaphore(NULL, 0, 1, TEXT("loaderlab-wide-semaphore"));
  HANDLE so = OpenSemaphore(SEMAPHORE_ALL_ACCESS, FALSE, TEXT("loaderlab-wide-semaphore"));
  ReleaseSemaphore(so, 1, NULL);
  printf("main: CreateSemaphore and OpenSemaphore reach one semaphore: %s\n",
         WaitForSingleObject(s, 0) == WAIT_OBJECT_0 ? "yes" : "no");
  printf("main: TCHAR is %u bytes\n", (unsigned)sizeof(TCHAR));
  OutputDebugString(TEXT("wide debug output"));
  CloseHandle(so);
  CloseHandle(s);
  CloseHandle(a);
  CloseHandle(o);
  CloseHandle(m);
  return 0;
}

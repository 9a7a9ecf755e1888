/* A UNICODE build: the unsuffixed names are the W functions and TEXT()
 * makes wide strings. */
#define UNICODE
#include <windows.h>
#include <stdio.h>

int main(void) {
  HANDLE m = CreateMutex(NULL, FALSE, TEXT("wide-mutex"));
  HANDLE o = OpenMutex(SYNCHRONIZE, FALSE, TEXT("wide-mutex"));
  HANDLE a = OpenMutexA(SYNCHRONIZE, FALSE, "wide-mutex");
  printf("CreateMutexW and OpenMutexW by TEXT() name: %s, seen by OpenMutexA too: %s\n", o ? "opened" : "NULL",
         a ? "yes" : "no");
  HANDLE s = CreateSemaphore(NULL, 0, 1, TEXT("wide-semaphore"));
  HANDLE so = OpenSemaphore(SEMAPHORE_ALL_ACCESS, FALSE, TEXT("wide-semaphore"));
  ReleaseSemaphore(so, 1, NULL);
  printf("CreateSemaphoreW and OpenSemaphoreW: the same semaphore: %s\n",
         WaitForSingleObject(s, 0) == WAIT_OBJECT_0 ? "yes" : "no");
  printf("TCHAR is %u bytes\n", (unsigned)sizeof(TCHAR));
  OutputDebugString(TEXT("wide debug output"));
  CloseHandle(so);
  CloseHandle(s);
  CloseHandle(a);
  CloseHandle(o);
  CloseHandle(m);
  return 0;
}

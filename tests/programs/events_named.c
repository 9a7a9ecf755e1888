/* Creating an event with a name that exists opens the existing event:
 * CreateEventA succeeds with ERROR_ALREADY_EXISTS, and setting it through
 * the second handle signals the first. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HANDLE first = CreateEventA(NULL, TRUE, FALSE, "ready");
  DWORD first_error = GetLastError();
  HANDLE second = CreateEventA(NULL, TRUE, FALSE, "ready");
  DWORD second_error = GetLastError();
  SetEvent(second);
  DWORD seen = WaitForSingleObject(first, 0);
  printf("first: error %lu; second: error %lu, distinct handle %d; first signalled: %d\n",
         first_error, second_error, first != second, seen == WAIT_OBJECT_0);
  CloseHandle(first);
  CloseHandle(second);
  return 0;
}

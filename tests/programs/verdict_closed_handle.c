/* Wrong use of a closed handle: waiting on it fails with WAIT_FAILED and
 * ERROR_INVALID_HANDLE, setting it fails with ERROR_INVALID_HANDLE, as on
 * Windows; the simulator also flags each call as a warning. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HANDLE e = CreateEventA(NULL, TRUE, TRUE, NULL);
  printf("event handle %#lx\n", (unsigned long)(ULONG_PTR)e);
  CloseHandle(e);
  DWORD r = WaitForSingleObject(e, 0);
  DWORD wait_error = GetLastError();
  BOOL set = SetEvent(e);
  DWORD set_error = GetLastError();
  printf("wait: %s, error %lu\n", r == WAIT_FAILED ? "WAIT_FAILED" : "not failed", wait_error);
  printf("set: %d, error %lu\n", set, set_error);
  return 0;
}

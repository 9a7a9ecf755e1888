/* Calls a Win32 function loaderlab does not simulate. */
#include <windows.h>

int main(void) {
  HANDLE q = CreateTimerQueue();
  return q != NULL;
}

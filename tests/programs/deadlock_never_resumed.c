/* Waiting for a thread that was created suspended and is never resumed:
 * nothing can ever run, and the report says the other thread is
 * suspended. */
#include <windows.h>

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  return 0;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, CREATE_SUSPENDED, NULL);
  WaitForSingleObject(h, INFINITE);
  return 0;
}

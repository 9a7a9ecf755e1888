/* abort() in a worker thread ends the run with an abort verdict naming
 * that thread. */
#include <windows.h>
#include <stdlib.h>

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  OutputDebugStringA("worker about to abort");
  abort();
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  return 0;
}

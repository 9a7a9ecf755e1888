/* A worker writes through a NULL pointer right after a Win32 call: the run
 * ends with a crash verdict naming the thread and the step of that call. */
#include <windows.h>

static int *volatile g_pointer;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  OutputDebugStringA("about to write through NULL");
  *g_pointer = 42;
  return 0;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForSingleObject(h, INFINITE);
  return 0;
}

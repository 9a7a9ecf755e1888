/* Thread exit takes the loader lock even when every DLL disabled thread
 * calls: while DllMain runs, a finishing thread cannot finish. */
#include <windows.h>
#include <stdio.h>

__declspec(dllexport) HANDLE worker_handle;
__declspec(dllexport) HANDLE worker_go;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(worker_go, INFINITE);
  return 0;
}

int main(void) {
  worker_go = CreateEventA(NULL, TRUE, FALSE, NULL);
  worker_handle = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  HMODULE h = LoadLibraryA("quietwait.dll");
  DWORD r = WaitForSingleObject(worker_handle, INFINITE);
  printf("after LoadLibrary: %s\n", r == WAIT_OBJECT_0 ? "the worker has exited" : "?");
  CloseHandle(worker_handle);
  CloseHandle(worker_go);
  FreeLibrary(h);
  return 0;
}

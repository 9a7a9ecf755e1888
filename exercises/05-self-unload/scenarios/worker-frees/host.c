/* worker-frees: the bug report's program.  Load the plug-in, start its
 * worker, let go of the plug-in at once, and wait for the worker.  Once the
 * worker is done, the plug-in must be gone. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

typedef HANDLE (*start_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("selffree.dll");
  assert(h != NULL && "LoadLibraryA(\"selffree.dll\") failed");
  start_fn start = (start_fn)(void *)GetProcAddress(h, "start_worker");
  assert(start != NULL && "selffree.dll has no start_worker");
  HANDLE worker = start();
  assert(worker != NULL && "start_worker failed");
  FreeLibrary(h);
  WaitForSingleObject(worker, INFINITE);
  BOOL loaded = GetModuleHandleA("selffree.dll") != NULL;
  printf("worker done; selffree.dll %s\n", loaded ? "loaded" : "unloaded");
  CloseHandle(worker);
  assert(!loaded && "the plug-in is still loaded after its worker is done");
  return 0;
}

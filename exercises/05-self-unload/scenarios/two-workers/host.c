/* two-workers: two workers of the plug-in, each with its own reference,
 * finish in either order after the application has let go; whichever
 * finishes last unloads the plug-in.  Once both are done, it must be gone. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

typedef HANDLE (*start_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("selffree.dll");
  assert(h != NULL && "LoadLibraryA(\"selffree.dll\") failed");
  start_fn start = (start_fn)(void *)GetProcAddress(h, "start_worker");
  assert(start != NULL && "selffree.dll has no start_worker");
  HANDLE workers[2] = {start(), start()};
  assert(workers[0] && workers[1] && "start_worker failed");
  FreeLibrary(h);
  WaitForMultipleObjects(2, workers, TRUE, INFINITE);
  BOOL loaded = GetModuleHandleA("selffree.dll") != NULL;
  printf("both workers done; selffree.dll %s\n", loaded ? "loaded" : "unloaded");
  CloseHandle(workers[0]);
  CloseHandle(workers[1]);
  assert(!loaded && "the plug-in is still loaded after its workers are done");
  return 0;
}

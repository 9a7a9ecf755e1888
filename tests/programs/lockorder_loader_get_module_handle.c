/* The host for registry.dll (lockorder_loader_dll.c): main loads the DLL,
 * whose DLL_PROCESS_ATTACH takes g_lock under the loader lock; then a
 * worker calls lookup_with_get_module_handle, which holds g_lock while
 * the loader takes the loader lock.  The two never overlap here, but the
 * order is inverted. */
#include <windows.h>
#include <stdio.h>

typedef int (*lookup_fn)(void);

static lookup_fn lookup;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  printf("lookup: %d\n", lookup());
  return 0;
}

int main(void) {
  HMODULE h = LoadLibraryA("registry.dll");
  lookup = (lookup_fn)GetProcAddress(h, "lookup_with_get_module_handle");
  HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  FreeLibrary(h);
  return 0;
}

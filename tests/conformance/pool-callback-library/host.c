/* Conformance probe: the thread pool's unload help.
 *
 * The host loads a driver, lets it hand a callback to the thread pool,
 * and frees it at once, while the callback is still waiting inside the
 * driver's code.  Without help the driver would be unmapped under the
 * callback.  With SetThreadpoolCallbackLibrary, the pool holds the driver:
 * FreeLibrary leaves it loaded, and it is detached and unmapped on a pool
 * thread once the callback has returned.  FreeLibraryWhenCallbackReturns
 * does the same with a reference the driver took for its callback.
 *
 * Last, an object created with the callback library and never closed
 * keeps the driver loaded by itself (the pool takes its reference when
 * the object is created and gives it back when it is closed and its
 * callbacks are done, which is what Wine does; Microsoft documents that
 * the library stays loaded "as long as there are outstanding callbacks"
 * and no more).  The simulator does what Wine does.
 */
#include <stdio.h>
#include <windows.h>

typedef BOOL (*start_fn)(HANDLE, int);

/* Waits, up to ten seconds, until the DLL is gone. */
static BOOL unloaded(const char *name) {
  for (int i = 0; i < 1000; i++) {
    if (!GetModuleHandleA(name)) return TRUE;
    Sleep(10);
  }
  return FALSE;
}

static void run(const char *name, int mode, const char *what) {
  HANDLE go = CreateEventA(NULL, TRUE, FALSE, NULL);
  HMODULE driver = LoadLibraryA(name);
  start_fn start = (start_fn)(void (*)(void))GetProcAddress(driver, "driver_start");
  if (!start || !start(go, mode)) {
    printf("host: %s could not start\n", name);
    return;
  }
  printf("host: %s\n", what);
  FreeLibrary(driver);
  printf("host: after FreeLibrary the driver is %s\n", GetModuleHandleA(name) ? "still loaded" : "unloaded");
  SetEvent(go);
  printf("host: once the callback returned, the driver is %s\n", unloaded(name) ? "unloaded" : "still loaded");
  CloseHandle(go);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  run("pool_guarded.dll", 1, "SetThreadpoolCallbackLibrary, the work object submitted and closed");
  run("pool_self_freeing.dll", 2, "the callback's own reference, FreeLibraryWhenCallbackReturns");
  HMODULE driver = LoadLibraryA("pool_guarded.dll");
  start_fn start = (start_fn)(void (*)(void))GetProcAddress(driver, "driver_start");
  start(NULL, 3);
  FreeLibrary(driver);
  printf("host: a work object created with the library and never closed: the driver is %s\n",
         GetModuleHandleA("pool_guarded.dll") ? "still loaded" : "unloaded");
  return 0;
}

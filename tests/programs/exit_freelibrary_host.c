/* FreeLibrary during process exit does nothing.  owner.dll adopts a
 * handle to plugin.dll (the only reference) and frees it in its own
 * DLL_PROCESS_DETACH at exit, as a careless destructor would; plugin.dll
 * is loaded first, so it is detached after owner.dll.  The FreeLibrary
 * must return TRUE without unloading anything: plugin.dll still gets its
 * own DLL_PROCESS_DETACH with lpReserved non-NULL, exactly once. */
#include <windows.h>
#include <stdio.h>

typedef void (*adopt_fn)(HMODULE);

int main(void) {
  HMODULE plugin = LoadLibraryA("plugin.dll");
  HMODULE owner = LoadLibraryA("owner.dll");
  ((adopt_fn)GetProcAddress(owner, "owner_adopt"))(plugin);
  puts("main returns");
  return 0;
}

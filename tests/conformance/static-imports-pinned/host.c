/* Conformance probe: the DLLs an executable imports are pinned.
 *
 * static_dep.dll is loaded with the executable (DLL_PROCESS_ATTACH with
 * lpReserved non-NULL, before main).  FreeLibrary on it succeeds as often
 * as it is called and changes nothing: the DLL gets no DLL_PROCESS_DETACH
 * and stays mapped, callable, until the process exits.  Windows treats the
 * executable's imports as loaded for good; Wine's process_attach pins them
 * (LoadCount -1) when lpReserved is set.  A DLL loaded later with
 * LoadLibrary is counted normally (probe module-handle-references). */
#include <stdio.h>

#include "probe.h"

void static_dep_hello(void);

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  HMODULE dep = GetModuleHandleA("static_dep.dll");
  for (int i = 1; i <= 3; i++) {
    BOOL ok = FreeLibrary(dep);
    printf("main: FreeLibrary(static_dep.dll) #%d returned %s\n", i, ok ? "TRUE" : "FALSE");
  }
  printf("main: static_dep.dll %s\n", GetModuleHandleA("static_dep.dll") ? "still loaded" : "unloaded");
  static_dep_hello();
  printf("main: returns from main\n");
  return 0;
}

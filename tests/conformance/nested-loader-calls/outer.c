/* nest_outer.dll: its DllMain loads nest_inner.dll on DLL_PROCESS_ATTACH
 * and frees it on DLL_PROCESS_DETACH, calling into it before and after the
 * FreeLibrary (see host.c).  Microsoft's DllMain guidance forbids both
 * calls; this probe shows what the loader does when a DLL makes them. */
#include <stdio.h>

#include "probe.h"

typedef void hello_fn(const char *when);

static HMODULE inner;
static hello_fn *hello;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  if (reason == DLL_PROCESS_ATTACH) {
    printf("nest_outer.dll PROCESS_ATTACH begins\n");
    inner = LoadLibraryA("nest_inner.dll");
    hello = (hello_fn *)(void (*)(void))GetProcAddress(inner, "inner_hello");
    printf("nest_outer.dll PROCESS_ATTACH ends\n");
  }
  if (reason == DLL_PROCESS_DETACH && reserved) {
    /* Process exit: nest_inner.dll, initialised later, was detached first
     * and must not be called. */
    printf("nest_outer.dll PROCESS_DETACH reserved=set\n");
  }
  if (reason == DLL_PROCESS_DETACH && !reserved) {
    printf("nest_outer.dll PROCESS_DETACH begins\n");
    hello("before FreeLibrary");
    BOOL ok = FreeLibrary(inner);
    printf("nest_outer.dll: FreeLibrary(nest_inner.dll) returned %s\n", ok ? "TRUE" : "FALSE");
    hello("after FreeLibrary, still inside DllMain");
    printf("nest_outer.dll PROCESS_DETACH ends\n");
  }
  return TRUE;
}

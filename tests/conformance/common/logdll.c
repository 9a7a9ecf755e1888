/* A DLL that prints every DllMain call it gets: its own file name, the
 * reason, lpReserved (for the process notifications) and the calling
 * thread's name.  Probes load it under several names (each probe's DLLs
 * need names of their own, as every Win32 binary shares one folder). */
#include <stdio.h>

#include "probe.h"

static char self_name[64];

/* The file name of this DLL without its folder (the folders differ between
 * the simulator and Windows). */
static void remember_name(HINSTANCE instance) {
  char path[MAX_PATH];
  DWORD n = GetModuleFileNameA(instance, path, sizeof path);
  if (n == 0 || n >= sizeof path) {
    snprintf(self_name, sizeof self_name, "?");
    return;
  }
  const char *base = path;
  for (const char *p = path; *p; p++)
    if (*p == '\\' || *p == '/') base = p + 1;
  snprintf(self_name, sizeof self_name, "%s", base);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  switch (reason) {
  case DLL_PROCESS_ATTACH:
    remember_name(instance);
    printf("%s PROCESS_ATTACH reserved=%s thread=%s\n", self_name, reserved ? "set" : "NULL",
           probe_thread_name());
    break;
  case DLL_PROCESS_DETACH:
    printf("%s PROCESS_DETACH reserved=%s thread=%s\n", self_name, reserved ? "set" : "NULL",
           probe_thread_name());
    break;
  case DLL_THREAD_ATTACH:
    printf("%s THREAD_ATTACH thread=%s\n", self_name, probe_thread_name());
    break;
  case DLL_THREAD_DETACH:
    printf("%s THREAD_DETACH thread=%s\n", self_name, probe_thread_name());
    break;
  }
  return TRUE;
}

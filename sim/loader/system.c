/* The system modules every Windows process has loaded before its first
 * line runs: ntdll.dll, kernel32.dll and kernelbase.dll, and the C runtime
 * its programs link (msvcrt.dll, as mingw-w64's do).  A DLL commonly looks
 * them up (GetModuleHandleA("kernel32.dll"), then GetProcAddress for an
 * optional function).
 *
 * They are not images the simulator maps: a program sees them only through
 * the loader's functions.  GetModuleHandle finds them, LoadLibrary and
 * GetModuleHandleEx count no reference (they stay loaded for good, as on
 * Windows), FreeLibrary does nothing, GetModuleFileName names them in
 * C:\windows\system32, and GetProcAddress on kernel32.dll or kernelbase.dll
 * finds the simulated Win32 functions (api/loader.c).  A DLL of the program
 * with the same name comes first.
 *
 * Left out: their DllMain calls and their code, and every other system DLL
 * (user32.dll, advapi32.dll, ws2_32.dll, ...), which a process loads only
 * when something asks for it, and which the simulator does not have.
 */
#include "loader.h"

#include <string.h>

static const char *const system_names[] = {"ntdll.dll", "kernel32.dll", "kernelbase.dll", "msvcrt.dll"};
enum { N_SYSTEM = sizeof system_names / sizeof system_names[0] };

/* Below the program's own modules (loader.c), where 64-bit Windows maps
 * its system DLLs too. */
#define SYSTEM_BASE 0x7ff800000000ULL
#define SYSTEM_STRIDE 0x1000000ULL

HMODULE sim__system_module_by_name(const char *name) {
  for (int i = 0; i < N_SYSTEM; i++)
    if (sim__module_name_matches(name, system_names[i]))
      return (HMODULE)(uintptr_t)(SYSTEM_BASE + (uint64_t)i * SYSTEM_STRIDE);
  return NULL;
}

const char *sim__system_module_name(HMODULE h) {
  uintptr_t v = (uintptr_t)h;
  if (v < SYSTEM_BASE || (v - SYSTEM_BASE) % SYSTEM_STRIDE != 0) return NULL;
  uint64_t i = (v - SYSTEM_BASE) / SYSTEM_STRIDE;
  return i < N_SYSTEM ? system_names[i] : NULL;
}

/* Conformance probe: the system modules every process has loaded.
 *
 * ntdll.dll, kernel32.dll and kernelbase.dll are in every Windows process
 * before its first line runs, and so is the C runtime a mingw-w64 program
 * links, msvcrt.dll.  GetModuleHandle finds them by any spelling of the
 * name (case, no extension, wide characters); GetProcAddress on
 * kernel32.dll finds its functions, and fails with ERROR_PROC_NOT_FOUND
 * (127) for a name it does not export; LoadLibrary of kernel32.dll returns
 * the same handle, and FreeLibrary leaves it loaded; GetModuleFileName
 * names the DLL.  A DLL that wants an optional function looks it up this
 * way. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

static const char *found(HMODULE h) { return h ? "found" : "NULL"; }

/* Whether path's last component is name, in any case. */
static int ends_in(const char *path, const char *name) {
  const char *base = path;
  for (const char *p = path; *p; p++)
    if (*p == '\\' || *p == '/') base = p + 1;
  if (strlen(base) != strlen(name)) return 0;
  for (size_t i = 0; name[i]; i++)
    if (tolower((unsigned char)base[i]) != tolower((unsigned char)name[i])) return 0;
  return 1;
}

typedef DWORD(WINAPI *thread_id_fn)(void);

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HMODULE k = GetModuleHandleA("kernel32.dll");
  printf("kernel32.dll: %s\n", found(k));
  printf("KERNEL32: %s\n", GetModuleHandleA("KERNEL32") == k ? "the same handle" : "another");
  printf("L\"kernel32.dll\": %s\n", GetModuleHandleW(L"kernel32.dll") == k ? "the same handle" : "another");
  printf("ntdll.dll: %s, kernelbase.dll: %s, msvcrt.dll: %s\n", found(GetModuleHandleA("ntdll.dll")),
         found(GetModuleHandleA("kernelbase.dll")), found(GetModuleHandleA("msvcrt.dll")));

  thread_id_fn f = (thread_id_fn)(void (*)(void))GetProcAddress(k, "GetCurrentThreadId");
  printf("GetProcAddress(kernel32, GetCurrentThreadId): %s\n",
         f ? (f() == GetCurrentThreadId() ? "works" : "wrong answer") : "NULL");
  SetLastError(0);
  FARPROC none = GetProcAddress(k, "NoSuchFunctionAnywhere");
  printf("GetProcAddress(kernel32, NoSuchFunctionAnywhere): %s, error %lu\n", none ? "found" : "NULL",
         GetLastError());

  HMODULE again = LoadLibraryA("kernel32.dll");
  printf("LoadLibrary(kernel32.dll): %s\n", again == k ? "the same handle" : "another");
  BOOL ok = FreeLibrary(again);
  printf("FreeLibrary: %s, still loaded: %s\n", ok ? "TRUE" : "FALSE",
         GetModuleHandleA("kernel32.dll") == k ? "yes" : "no");

  char path[MAX_PATH];
  DWORD n = GetModuleFileNameA(k, path, sizeof path);
  printf("GetModuleFileName names kernel32.dll: %s\n", n && ends_in(path, "kernel32.dll") ? "yes" : "no");
  return 0;
}

/* Simulated loader functions: LoadLibrary, FreeLibrary,
 * FreeLibraryAndExitThread, GetProcAddress, GetModuleHandle(Ex),
 * GetModuleFileName, DisableThreadLibraryCalls and ExitProcess.  Each takes
 * the loader lock as Windows does; the model itself is in loader/loader.c.
 *
 * The system modules (loader/system.c) answer too: GetModuleHandle and
 * LoadLibrary find them, FreeLibrary leaves them, GetProcAddress on
 * kernel32.dll finds the simulated functions.
 *
 * LoadLibraryEx takes the search flags DLLs use, with the scenario's DLLs
 * in the application's folder; TerminateProcess ends the process without
 * any DLL_PROCESS_DETACH.
 *
 * Left out: LoadLibraryEx as a data file or image resource and
 * DONT_RESOLVE_DLL_REFERENCES (refused with ERROR_NOT_SUPPORTED),
 * AddDllDirectory and SetDllDirectory, ordinals in GetProcAddress, and
 * real file paths (GetModuleFileName reports C:\loaderlab\<name>, and
 * C:\windows\system32\<name> for a system module).
 */
#include "api.h"

#include <dlfcn.h>
#include <string.h>


#ifndef DLL_PROCESS_ATTACH
#error "windows.h must define the DllMain reasons"
#endif

static HMODULE load_library(sim_thread *self, const char *name, const char *fn) {
  sim_run *r = sim__current_run;
  if (self->dllmain_depth) sim__dllmain_misuse(self, "calls %s(\"%s\")", fn, name ? name : "");
  if (!name) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  sim__cs_enter(self, &r->loader_lock);
  sim_module *m = sim__module_by_name(name);
  HMODULE h = NULL;
  if (!m && (h = sim__system_module_by_name(name))) {
    /* A system module: loaded for good, nothing to count or attach. */
    sim__cs_leave(self, &r->loader_lock);
    if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, NULL, "%s(\"%s\") -> %s (a system module, loaded for good)", fn, name, sim__system_module_name(h));
    return h;
  }
  if (!m) {
    self->last_error = ERROR_MOD_NOT_FOUND;
  } else if (r->loader->process_exiting) {
    self->last_error = ERROR_ACCESS_DENIED;
  } else if (sim__module_load(self, m)) {
    h = m->handle;
  } else {
    self->last_error = ERROR_DLL_INIT_FAILED;
  }
  sim__cs_leave(self, &r->loader_lock);
  if (sim__tracing()) {
    if (h) sim__trace(self, SIM_EV_RETURN, NULL, "%s(\"%s\") -> %s (reference count %d)", fn, name, m->dll->name, m->refs);
    else sim__trace(self, SIM_EV_RETURN, self->last_error == ERROR_MOD_NOT_FOUND ? "NULL (ERROR_MOD_NOT_FOUND)" : "NULL (ERROR_DLL_INIT_FAILED)", "%s(\"%s\")", fn, name);
  }
  return h;
}

HMODULE WINAPI LoadLibraryA(LPCSTR name) {
  SIM_ENTER(LoadLibraryA);
  SIM_RETURN(load_library(self, name, "LoadLibraryA"));
}

HMODULE WINAPI LoadLibraryW(LPCWSTR name) {
  SIM_ENTER(LoadLibraryW);
  char n[MAX_PATH];
  sim__wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(load_library(self, name ? n : NULL, "LoadLibraryW"));
}

/* The body of FreeLibrary; true on success. */
static BOOL free_library(sim_thread *self, HMODULE h, const char *fn) {
  sim_run *r = sim__current_run;
  if (self->dllmain_depth) sim__dllmain_misuse(self, "calls %s", fn);
  if (!h) {
    /* Wine's kernelbase checks NULL first: ERROR_INVALID_HANDLE.
     * (Microsoft documents no error code for it.) */
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_HANDLE)", "%s(NULL)", fn);
    self->last_error = ERROR_INVALID_HANDLE;
    return FALSE;
  }
  if (sim__system_module_name(h)) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE (a system module stays loaded)", "%s(%s)", fn, sim__system_module_name(h));
    return TRUE;
  }
  if (h == sim__host_handle()) {
    /* The executable is loaded for the life of the process. */
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE (the executable stays loaded)", "%s(%s)", fn, r->program->host->name);
    return TRUE;
  }
  if (r->loader->process_exiting) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE (does nothing: the process is exiting)", "%s", fn);
    return TRUE;
  }
  sim__cs_enter(self, &r->loader_lock);
  sim_module *m = sim__module_from_handle(h);
  BOOL ok = m && m->state == SIM_MOD_LOADED;
  if (!ok) {
    self->last_error = ERROR_MOD_NOT_FOUND;
    char what[96];
    sim__warn(self, "%s(%s): no module is loaded with that handle (freed twice?)", fn,
             sim__module_label(h, what, sizeof what));
  } else {
    if (sim__tracing())
      sim__trace(self, SIM_EV_CALL, NULL, "%s(%s): reference count %d -> %d%s", fn, m->dll->name,
                m->refs, m->pinned ? m->refs : m->refs - 1, m->pinned ? " (pinned)" : "");
    sim__module_free(self, m);
  }
  sim__cs_leave(self, &r->loader_lock);
  return ok;
}

BOOL WINAPI FreeLibrary(HMODULE h) {
  SIM_ENTER(FreeLibrary);
  SIM_RETURN(free_library(self, h, "FreeLibrary"));
}

void WINAPI FreeLibraryAndExitThread(HMODULE h, DWORD code) {
  sim_thread *self = sim__enter(SIM_API_FreeLibraryAndExitThread, __builtin_return_address(0), __builtin_frame_address(0));
  free_library(self, h, "FreeLibraryAndExitThread");
  /* No return into the caller: the code that ends the thread lives in the
   * system, not in the DLL just freed. */
  sim__thread_exit(self, code);
}

/* GetProcAddress on kernel32.dll or kernelbase.dll: the simulated Win32
 * function of that name, if windows.h declares it (the list of simulated
 * calls, less the entries that are not Win32 functions); the simulator
 * exports them all, so the dynamic linker finds it.  ntdll.dll and
 * msvcrt.dll export nothing the simulator has. */
static void *system_proc_address(const char *module, const char *name) {
  static const char *const not_win32[] = {"ThreadStart", "ThreadExit", "ProcessExit", "DllMain",
                                          "malloc", "free", "abort", "exit", "assert"};
  if (strcmp(module, "kernel32.dll") != 0 && strcmp(module, "kernelbase.dll") != 0) return NULL;
  for (size_t i = 0; i < sizeof not_win32 / sizeof not_win32[0]; i++)
    if (strcmp(name, not_win32[i]) == 0) return NULL;
  for (int api = 0; api < SIM_API_COUNT; api++) {
    const char *known = sim_api_name(api);
    if (known && strcmp(known, name) == 0) return dlsym(RTLD_DEFAULT, name);
  }
  return NULL;
}

FARPROC WINAPI GetProcAddress(HMODULE h, LPCSTR name) {
  SIM_ENTER(GetProcAddress);
  sim_run *r = sim__current_run;
  sim__cs_enter(self, &r->loader_lock);
  void *p = NULL;
  sim_image *im = NULL;
  if (!h || h == sim__host_handle()) {
    /* NULL names the executable, as for GetModuleHandle. */
    im = r->program->host;
  } else {
    sim_module *m = sim__module_from_handle(h);
    if (m && m->state == SIM_MOD_LOADED) im = m->dll->image;
  }
  const char *system = sim__system_module_name(h);
  if (system) {
    if ((uintptr_t)name < 0x10000 || !(p = system_proc_address(system, name)))
      self->last_error = ERROR_PROC_NOT_FOUND;
  } else if (!im) self->last_error = ERROR_MOD_NOT_FOUND;
  else if ((uintptr_t)name < 0x10000) self->last_error = ERROR_PROC_NOT_FOUND; /* ordinals */
  else if (!(p = sim__image_lookup(im, name, true))) self->last_error = ERROR_PROC_NOT_FOUND;
  sim__cs_leave(self, &r->loader_lock);
  if (sim__tracing()) {
    char where[160];
    if (p && system) sim__trace(self, SIM_EV_CALL, NULL, "GetProcAddress(%s, \"%s\") -> the simulated %s", system, name, name);
    else if (p) sim__trace(self, SIM_EV_CALL, NULL, "GetProcAddress(%s, \"%s\") -> %s", im->name, name, sim__describe_code(p, where, sizeof where));
    else sim__trace(self, SIM_EV_CALL, "NULL", "GetProcAddress(%s, \"%s\")", sim__module_label(h, where, sizeof where), (uintptr_t)name < 0x10000 ? "#ordinal" : name);
  }
  SIM_RETURN((FARPROC)p);
}

/* GetModuleHandle(Ex) without the scheduling point and lock: the module
 * named (NULL: the host; a DLL of the program; a system module), or NULL. */
static HMODULE find_module(sim_thread *self, const char *name, sim_module **out) {
  *out = NULL;
  if (!name) return sim__host_handle();
  sim_module *m = sim__module_by_name(name);
  if (m && m->state == SIM_MOD_LOADED) {
    *out = m;
    return m->handle;
  }
  HMODULE system = m ? NULL : sim__system_module_by_name(name);
  if (!system) self->last_error = ERROR_MOD_NOT_FOUND;
  return system;
}

/* The name of what find_module found, for traces. */
static const char *found_name(HMODULE h, const sim_module *m) {
  if (m) return m->dll->name;
  if (sim__system_module_name(h)) return sim__system_module_name(h);
  return sim__current_run->program->host->name;
}

/* GetModuleHandle(NULL) reads the executable's handle from the PEB and
 * takes no lock (Wine: GetModuleHandleExW returns
 * Peb->ImageBaseAddress without calling into the loader), so it works while
 * another thread holds the loader lock; a name needs the loader's module
 * list, under the loader lock. */
static HMODULE get_module_handle(sim_thread *self, const char *name, const char *fn) {
  sim_run *r = sim__current_run;
  sim_module *m;
  if (name) sim__cs_enter(self, &r->loader_lock);
  HMODULE h = find_module(self, name, &m);
  if (name) sim__cs_leave(self, &r->loader_lock);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, h ? NULL : "NULL (ERROR_MOD_NOT_FOUND)", "%s(%s%s%s)%s%s", fn, name ? "\"" : "", name ? name : "NULL", name ? "\"" : "", h ? " -> " : "", h ? found_name(h, m) : "");
  return h;
}

HMODULE WINAPI GetModuleHandleA(LPCSTR name) {
  SIM_ENTER(GetModuleHandleA);
  SIM_RETURN(get_module_handle(self, name, "GetModuleHandleA"));
}

HMODULE WINAPI GetModuleHandleW(LPCWSTR name) {
  SIM_ENTER(GetModuleHandleW);
  char n[MAX_PATH];
  sim__wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(get_module_handle(self, name ? n : NULL, "GetModuleHandleW"));
}

static BOOL get_module_handle_ex(sim_thread *self, DWORD flags, const char *name, HMODULE *out,
                                 const char *fn) {
  sim_run *r = sim__current_run;
  if (!out) {
    self->last_error = ERROR_INVALID_PARAMETER;
    return FALSE;
  }
  sim__fp_memory(out, sizeof *out, true);
  *out = NULL;
  /* An undefined flag, or PIN with UNCHANGED_REFCOUNT, fails with
   * ERROR_INVALID_PARAMETER and takes no reference (Wine's kernelbase
   * checks both before looking the module up). */
  DWORD known = GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT |
                GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS;
  if ((flags & ~known) ||
      ((flags & GET_MODULE_HANDLE_EX_FLAG_PIN) && (flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT))) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_PARAMETER)", "%s(flags %#lx)", fn, flags);
    self->last_error = ERROR_INVALID_PARAMETER;
    return FALSE;
  }
  /* The executable's handle with the reference count unchanged needs no
   * lock, as for GetModuleHandle(NULL). */
  bool lock = name || !(flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT);
  if (lock) sim__cs_enter(self, &r->loader_lock);
  sim_module *m = NULL;
  HMODULE h;
  if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) {
    m = sim__module_of_address(name);
    if (m && m->state == SIM_MOD_LOADED) h = m->handle;
    else if (!m && sim__image_contains(r->program->host, (uintptr_t)name)) h = sim__host_handle();
    else {
      h = NULL;
      m = NULL;
      self->last_error = ERROR_MOD_NOT_FOUND;
    }
  } else {
    h = find_module(self, name, &m);
  }
  if (h && m) {
    if (flags & GET_MODULE_HANDLE_EX_FLAG_PIN) m->pinned = true;
    else if (!(flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)) m->refs++;
  }
  if (lock) sim__cs_leave(self, &r->loader_lock);
  *out = h;
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, h ? "TRUE" : "FALSE", "%s(%s%s%s) -> %s%s", fn,
              (flags & GET_MODULE_HANDLE_EX_FLAG_PIN) ? "PIN " : "",
              (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) ? "FROM_ADDRESS " : "",
              (flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT) ? "UNCHANGED_REFCOUNT" : "",
              h ? found_name(h, m) : "NULL",
              m && (flags & GET_MODULE_HANDLE_EX_FLAG_PIN) ? " (pinned: never unloaded)" : "");
  return h != NULL;
}

BOOL WINAPI GetModuleHandleExA(DWORD flags, LPCSTR name, HMODULE *out) {
  SIM_ENTER(GetModuleHandleExA);
  SIM_RETURN(get_module_handle_ex(self, flags, name, out, "GetModuleHandleExA"));
}

BOOL WINAPI GetModuleHandleExW(DWORD flags, LPCWSTR name, HMODULE *out) {
  SIM_ENTER(GetModuleHandleExW);
  char n[MAX_PATH];
  const char *arg = (const char *)name;
  if (!(flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) && name) {
    sim__wide_to_utf8(name, n, sizeof n);
    arg = n;
  }
  SIM_RETURN(get_module_handle_ex(self, flags, arg, out, "GetModuleHandleExW"));
}

/* Copies "C:\loaderlab\<name>" with GetModuleFileName's truncation rules:
 * a short buffer gets a truncated, terminated name and
 * ERROR_INSUFFICIENT_BUFFER, and the result is the buffer size. */
static DWORD module_file_name(sim_thread *self, HMODULE h, char *out, DWORD size) {
  sim_run *r = sim__current_run;
  const char *name = NULL;
  sim__cs_enter(self, &r->loader_lock);
  const char *folder = "C:\\loaderlab";
  if (!h || h == sim__host_handle()) {
    name = r->program->host->name;
  } else if ((name = sim__system_module_name(h))) {
    folder = "C:\\windows\\system32";
  } else {
    sim_module *m = sim__module_from_handle(h);
    if (m && m->state == SIM_MOD_LOADED) name = m->dll->name;
  }
  sim__cs_leave(self, &r->loader_lock);
  if (!name) {
    self->last_error = ERROR_MOD_NOT_FOUND;
    return 0;
  }
  char full[MAX_PATH];
  int n = snprintf(full, sizeof full, "%s\\%s", folder, name);
  sim__fp_memory(out, size, true);
  if (size == 0) {
    self->last_error = ERROR_INSUFFICIENT_BUFFER;
    return 0;
  }
  if ((DWORD)n >= size) {
    memcpy(out, full, size - 1);
    out[size - 1] = '\0';
    self->last_error = ERROR_INSUFFICIENT_BUFFER;
    return size;
  }
  memcpy(out, full, (size_t)n + 1);
  self->last_error = ERROR_SUCCESS;
  return (DWORD)n;
}

DWORD WINAPI GetModuleFileNameA(HMODULE h, LPSTR out, DWORD size) {
  SIM_ENTER(GetModuleFileNameA);
  DWORD n = module_file_name(self, h, out, size);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "GetModuleFileNameA() -> %lu", n);
  SIM_RETURN(n);
}

DWORD WINAPI GetModuleFileNameW(HMODULE h, LPWSTR out, DWORD size) {
  SIM_ENTER(GetModuleFileNameW);
  char buf[MAX_PATH];
  DWORD n = module_file_name(self, h, buf, size < MAX_PATH ? size : MAX_PATH);
  sim__fp_memory(out, (size_t)size * sizeof *out, true);
  if (n || size) sim__utf8_to_wide(buf, out, size);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "GetModuleFileNameW() -> %lu", n);
  SIM_RETURN(n);
}

BOOL WINAPI DisableThreadLibraryCalls(HMODULE h) {
  SIM_ENTER(DisableThreadLibraryCalls);
  sim_module *m = sim__module_from_handle(h);
  /* NULL or a handle of no loaded DLL: the loader finds no module,
   * STATUS_DLL_NOT_FOUND, which is ERROR_MOD_NOT_FOUND (Wine's
   * LdrDisableThreadCalloutsForDll). */
  if (!m || m->state != SIM_MOD_LOADED) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_MOD_NOT_FOUND)", "DisableThreadLibraryCalls(%#lx)", (unsigned long)(uintptr_t)h);
    SIM_FAIL(ERROR_MOD_NOT_FOUND, FALSE);
  }
  m->thread_calls_disabled = true;
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "TRUE", "DisableThreadLibraryCalls(%s)", m->dll->name);
  SIM_RETURN(TRUE);
}

void WINAPI ExitProcess(UINT code) {
  sim_thread *self = sim__enter(SIM_API_ExitProcess, __builtin_return_address(0), __builtin_frame_address(0));
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "ExitProcess(%u)", code);
  sim__process_exit(self, (int)code);
}

/* ---- LoadLibraryEx ------------------------------------------------------------------ */

#define SEARCH_FLAGS                                                                       \
  (LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY_SEARCH_APPLICATION_DIR |                 \
   LOAD_LIBRARY_SEARCH_USER_DIRS | LOAD_LIBRARY_SEARCH_SYSTEM32 |                           \
   LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)
#define NOT_SIMULATED_FLAGS                                                                \
  (DONT_RESOLVE_DLL_REFERENCES | LOAD_LIBRARY_AS_DATAFILE | LOAD_LIBRARY_AS_IMAGE_RESOURCE | \
   LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE)
#define KNOWN_FLAGS                                                                        \
  (SEARCH_FLAGS | NOT_SIMULATED_FLAGS | LOAD_WITH_ALTERED_SEARCH_PATH |                     \
   LOAD_IGNORE_CODE_AUTHZ_LEVEL | LOAD_LIBRARY_REQUIRE_SIGNED_TARGET |                      \
   LOAD_LIBRARY_SAFE_CURRENT_DIRS)

static bool full_path(const char *name) {
  return name[0] == '\\' || name[0] == '/' || (name[0] && name[1] == ':');
}

/* hFile is reserved: Windows since Vista ignores it, as Wine does (Wine's
 * tests show a load with a bogus hFile failing only for its file). */
static HMODULE load_library_ex(sim_thread *self, const char *name, HANDLE file, DWORD flags,
                               const char *fn) {
  (void)file;
  if (!name || (flags & ~KNOWN_FLAGS) ||
      ((flags & LOAD_WITH_ALTERED_SEARCH_PATH) && (flags & SEARCH_FLAGS))) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "NULL (ERROR_INVALID_PARAMETER)", "%s(\"%s\", %#lx)", fn, name ? name : "", flags);
    self->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  if (flags & NOT_SIMULATED_FLAGS) {
    sim__warn(self, "%s(\"%s\") with flags %#lx: loading a DLL as a data file or image resource, "
             "or without resolving its references, is not simulated", fn, name, flags);
    self->last_error = ERROR_NOT_SUPPORTED;
    return NULL;
  }
  /* Where the flags look: the scenario's DLLs are in the application's
   * folder, which a DLL_LOAD_DIR search reaches through a full path. */
  bool app_dir = !(flags & SEARCH_FLAGS) ||
                 (flags & (LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)) ||
                 ((flags & LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) && full_path(name));
  if ((flags & LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) && !full_path(name) &&
      !(flags & (SEARCH_FLAGS & ~LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR))) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "NULL (ERROR_INVALID_PARAMETER: not a full path)", "%s(\"%s\", %#lx)", fn, name, flags);
    self->last_error = ERROR_INVALID_PARAMETER;
    return NULL;
  }
  /* The system modules are in System32, which those flags do search. */
  if (!app_dir && (flags & LOAD_LIBRARY_SEARCH_SYSTEM32) && sim__system_module_by_name(name))
    return load_library(self, name, fn);
  if (!app_dir) {
    if (sim__tracing())
      sim__trace(self, SIM_EV_CALL, "NULL (ERROR_MOD_NOT_FOUND: the flags do not search the application's folder)",
                "%s(\"%s\", %#lx)", fn, name, flags);
    self->last_error = ERROR_MOD_NOT_FOUND;
    return NULL;
  }
  return load_library(self, name, fn);
}

HMODULE WINAPI LoadLibraryExA(LPCSTR name, HANDLE file, DWORD flags) {
  SIM_ENTER(LoadLibraryExA);
  SIM_RETURN(load_library_ex(self, name, file, flags, "LoadLibraryExA"));
}

HMODULE WINAPI LoadLibraryExW(LPCWSTR name, HANDLE file, DWORD flags) {
  SIM_ENTER(LoadLibraryExW);
  char n[MAX_PATH];
  sim__wide_to_utf8(name, n, sizeof n);
  SIM_RETURN(load_library_ex(self, name ? n : NULL, file, flags, "LoadLibraryExW"));
}

/* ---- TerminateProcess --------------------------------------------------------------------- */

BOOL WINAPI TerminateProcess(HANDLE process, UINT code) {
  SIM_ENTER(TerminateProcess);
  sim_run *r = sim__current_run;
  if (process != GetCurrentProcess()) {
    sim__warn(self, "TerminateProcess(%#lx): only the simulated process itself, GetCurrentProcess(), "
             "can be terminated", (unsigned long)(uintptr_t)process);
    SIM_FAIL(ERROR_INVALID_HANDLE, FALSE);
  }
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, NULL, "TerminateProcess(GetCurrentProcess(), %u): every thread ends "
              "where it stands; no DLL gets DLL_PROCESS_DETACH", code);
  r->result->exited = true;
  r->exit_code = (int)code;
  sim__end_of_process_verdicts();
  sim__finish(SIM_VERDICT_OK, self, "TerminateProcess(%u): the process ended without notifying its DLLs",
             code);
}

/* Exercise 05, wrong fix: give the worker's reference back from
 * DLL_THREAD_DETACH, which the loader delivers after the worker's start
 * routine has returned, so the worker is surely out of the plug-in's code.
 *
 * DLL_THREAD_DETACH is delivered to the plug-in's own DllMain, which is the
 * plug-in's code too.  When its FreeLibrary drops the last reference, the
 * loader unmaps the plug-in while that DllMain is still running, and
 * FreeLibrary returns into it (WRONG-FIXES.md, 3).
 */
#include <windows.h>

static DWORD worker_tls = TLS_OUT_OF_INDEXES; /* each worker's reference */

static DWORD WINAPI worker(LPVOID arg) {
  TlsSetValue(worker_tls, arg);
  Sleep(10); /* warming the cache */
  return 0;
}

/* The wrong fix: give the reference back in the worker's DLL_THREAD_DETACH,
 * which runs after the worker has returned, in the loader's code. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) worker_tls = TlsAlloc();
  if (reason == DLL_THREAD_DETACH && worker_tls != TLS_OUT_OF_INDEXES) {
    HMODULE self = (HMODULE)TlsGetValue(worker_tls);
    if (self) FreeLibrary(self);
  }
  return TRUE;
}

__declspec(dllexport) HANDLE start_worker(void) {
  HMODULE self;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)(void *)start_worker, &self))
    return NULL;
  HANDLE thread = CreateThread(NULL, 0, worker, self, 0, NULL);
  if (!thread) FreeLibrary(self);
  return thread;
}

/* A driver that hands work to the system thread pool and returns at once:
 * driver_start creates a work object, submits it and closes it ("fire and
 * forget").  The callback is the driver's own code, so the driver must
 * stay loaded until the callback has returned.
 *
 * Built three ways (pool_unload_library_dll.c, pool_unload_free_dll.c):
 * - as is, nothing keeps the driver loaded: FreeLibrary right after
 *   driver_start unloads it under the callback (an access violation);
 * - CALLBACK_LIBRARY: the callback environment names the driver
 *   (SetThreadpoolCallbackLibrary), so the pool holds a reference to it
 *   until the work object is closed and its callback has returned;
 * - FREE_WHEN_RETURNS: driver_start takes a reference to the driver for
 *   the callback, which gives it back with FreeLibraryWhenCallbackReturns
 *   (the pool's FreeLibraryAndExitThread). */
#include <windows.h>
#include <stdio.h>

static HMODULE g_self;
static volatile LONG g_runs;

static void CALLBACK work(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK w) {
  (void)context;
  (void)w;
  (void)instance;
  InterlockedIncrement(&g_runs);
  Sleep(10);
  InterlockedIncrement(&g_runs);
#ifdef FREE_WHEN_RETURNS
  FreeLibraryWhenCallbackReturns(instance, g_self);
#endif
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) g_self = instance;
  if (reason == DLL_PROCESS_DETACH && !reserved) printf("driver: detached after %ld steps of work\n", g_runs);
  return TRUE;
}

__declspec(dllexport) BOOL driver_start(void) {
  TP_CALLBACK_ENVIRON env;
  InitializeThreadpoolEnvironment(&env);
#ifdef CALLBACK_LIBRARY
  SetThreadpoolCallbackLibrary(&env, g_self);
#endif
#ifdef FREE_WHEN_RETURNS
  HMODULE me;
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)work, &me)) return FALSE;
#endif
  PTP_WORK w = CreateThreadpoolWork(work, NULL, &env);
  if (!w) return FALSE;
  SubmitThreadpoolWork(w);
  CloseThreadpoolWork(w);
  DestroyThreadpoolEnvironment(&env);
  return TRUE;
}

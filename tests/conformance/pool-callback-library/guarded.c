/* A driver whose thread-pool callback is its own code (loaded as
 * pool_guarded.dll and as pool_self_freeing.dll).  driver_start hands one
 * callback to the pool and returns; the callback waits for the host's
 * event, so the host can free the driver while the callback runs.
 *
 * mode 1: the callback environment names the driver
 * (SetThreadpoolCallbackLibrary), and the work object is closed at once.
 * mode 2: driver_start takes a reference to the driver for the callback,
 * which gives it back with FreeLibraryWhenCallbackReturns.
 * mode 3: like mode 1, but the work object is never submitted nor closed. */
#include <stdio.h>
#include <windows.h>

static HMODULE self;
static HANDLE go;
static DWORD host_thread;

static void CALLBACK work(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK w) {
  (void)w;
  WaitForSingleObject(go, INFINITE);
  printf("driver: the callback returns\n");
  if (context == (PVOID)2) FreeLibraryWhenCallbackReturns(instance, self);
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  if (reason == DLL_PROCESS_ATTACH) self = instance;
  if (reason == DLL_PROCESS_DETACH && !reserved)
    printf("driver: DLL_PROCESS_DETACH on %s\n",
           GetCurrentThreadId() == host_thread ? "the host's thread" : "a thread-pool thread");
  return TRUE;
}

__declspec(dllexport) BOOL driver_start(HANDLE event, int mode) {
  TP_CALLBACK_ENVIRON env;
  go = event;
  host_thread = GetCurrentThreadId();
  InitializeThreadpoolEnvironment(&env);
  if (mode == 2) {
    HMODULE me;
    if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (LPCSTR)work, &me)) return FALSE;
  } else {
    SetThreadpoolCallbackLibrary(&env, self);
  }
  PTP_WORK w = CreateThreadpoolWork(work, (PVOID)(INT_PTR)mode, &env);
  if (!w) return FALSE;
  if (mode != 3) {
    SubmitThreadpoolWork(w);
    CloseThreadpoolWork(w);
  }
  DestroyThreadpoolEnvironment(&env);
  return TRUE;
}

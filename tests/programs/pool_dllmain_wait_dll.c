/* The deadlock SetThreadpoolCallbackLibrary exists for (Microsoft's
 * words: "one thread in DllMain is waiting for the callback to end, and
 * another thread that is executing the callback attempts to acquire the
 * loader lock").  The driver's DLL_PROCESS_DETACH waits for its work
 * callbacks; the callback calls GetModuleHandle, which takes the loader
 * lock.  With CALLBACK_LIBRARY, the pool holds the driver until the
 * callback has returned, so the detach only comes afterwards and its wait
 * returns at once. */
#include <windows.h>

static HMODULE g_self;
static PTP_WORK g_work;

static void CALLBACK work(PTP_CALLBACK_INSTANCE instance, PVOID context, PTP_WORK w) {
  (void)instance;
  (void)context;
  (void)w;
  Sleep(10);
  GetModuleHandleA("driver.dll");
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) g_self = instance;
  if (reason == DLL_PROCESS_DETACH && g_work) {
    WaitForThreadpoolWorkCallbacks(g_work, FALSE);
    CloseThreadpoolWork(g_work);
  }
  return TRUE;
}

__declspec(dllexport) BOOL driver_start(void) {
  TP_CALLBACK_ENVIRON env;
  InitializeThreadpoolEnvironment(&env);
#ifdef CALLBACK_LIBRARY
  SetThreadpoolCallbackLibrary(&env, g_self);
#endif
  g_work = CreateThreadpoolWork(work, NULL, &env);
  SubmitThreadpoolWork(g_work);
  return g_work != NULL;
}

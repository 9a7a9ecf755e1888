/* The classic: DllMain creates a thread and waits for it to finish.  The
 * thread needs the loader lock to start; DllMain holds it: deadlock. */
#include <windows.h>

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  return 0;
}

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  (void)reserved;
  if (reason != DLL_PROCESS_ATTACH) return TRUE;
  HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return TRUE;
}

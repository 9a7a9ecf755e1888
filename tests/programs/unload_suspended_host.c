/* Resumes a thread whose start routine lives in a DLL unloaded meanwhile. */
#include <windows.h>

typedef HANDLE (*make_fn)(void);

int main(void) {
  HMODULE h = LoadLibraryA("suspended.dll");
  HANDLE t = ((make_fn)GetProcAddress(h, "make_worker"))();
  FreeLibrary(h);
  ResumeThread(t);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  return 0;
}

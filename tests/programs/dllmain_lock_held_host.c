/* Every DllMain call holds the loader lock: a thread that asks the loader
 * for a module by name (GetModuleHandle("slow.dll")) waits until DllMain
 * returns.  (GetModuleHandle(NULL) would not: it takes no lock.) */
#include <windows.h>
#include <stdio.h>

__declspec(dllexport) HANDLE in_dllmain;

static DWORD WINAPI asker(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(in_dllmain, INFINITE);
  GetModuleHandleA("slow.dll");
  printf("GetModuleHandle returned at t=%llu\n", GetTickCount64());
  return 0;
}

int main(void) {
  in_dllmain = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE t = CreateThread(NULL, 0, asker, NULL, 0, NULL);
  HMODULE h = LoadLibraryA("slow.dll");
  printf("LoadLibrary returned at t=%llu\n", GetTickCount64());
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(in_dllmain);
  FreeLibrary(h);
  return 0;
}

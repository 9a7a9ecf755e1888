/* SetThreadDescription names a thread; traces use the name. */
#include <windows.h>
#include <stdio.h>

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  puts("hello from the pool worker");
  return 0;
}

int main(void) {
  HANDLE h = CreateThread(NULL, 0, worker, NULL, CREATE_SUSPENDED, NULL);
  HRESULT hr = SetThreadDescription(h, L"pool worker");
  ResumeThread(h);
  WaitForSingleObject(h, INFINITE);
  printf("SetThreadDescription: %s\n", hr == S_OK ? "S_OK" : "failed");
  CloseHandle(h);
  return 0;
}

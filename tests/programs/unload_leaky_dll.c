/* Leaves a thread, a handle and heap memory behind when unloaded. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static HANDLE never;
static void *buffer;

static DWORD WINAPI idler(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(never, INFINITE);
  return 0;
}

__declspec(dllexport) void start(void) {
  never = CreateEventA(NULL, TRUE, FALSE, NULL);
  printf("event handle %#lx\n", (unsigned long)(ULONG_PTR)never);
  buffer = malloc(64);
  CloseHandle(CreateThread(NULL, 0, idler, NULL, 0, NULL));
}

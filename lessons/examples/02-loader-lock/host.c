/* Lesson 2: a program with a logging thread, started before it loads a
 * plugin.  When asked, the logger writes a line that names the plugin's
 * module, found with GetModuleHandle. */
#include <windows.h>
#include <stdio.h>

static HANDLE ready;

static DWORD WINAPI logger(LPVOID arg) {
  (void)arg;
  HANDLE request = CreateEventA(NULL, FALSE, FALSE, "log-request");
  HANDLE written = CreateEventA(NULL, FALSE, FALSE, "log-written");
  SetEvent(ready);
  WaitForSingleObject(request, INFINITE);
  HMODULE plugin = GetModuleHandleA("plugin.dll");
  printf("log: plugin.dll loaded at %s\n", plugin ? "its address" : "an unknown address");
  SetEvent(written);
  CloseHandle(request);
  CloseHandle(written);
  return 0;
}

int main(void) {
  ready = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE thread = CreateThread(NULL, 0, logger, NULL, 0, NULL);
  WaitForSingleObject(ready, INFINITE); /* the logger has its events */
  HMODULE plugin = LoadLibraryA("plugin.dll");
  printf("main: plugin %s\n", plugin ? "loaded" : "failed to load");
  WaitForSingleObject(thread, INFINITE);
  CloseHandle(thread);
  CloseHandle(ready);
  return 0;
}

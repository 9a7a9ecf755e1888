/* A program that leaves things behind at exit: a thread still blocked, two
 * handles open (the event and the thread), ten bytes of memory.  Windows
 * reclaims them, so this is information, not a bug. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static HANDLE g_never;
static void *g_kept;

static DWORD WINAPI waits_forever(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_never, INFINITE);
  return 0;
}

int main(void) {
  g_never = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE h = CreateThread(NULL, 0, waits_forever, NULL, 0, NULL);
  printf("event handle %#lx, thread handle %#lx\n", (unsigned long)(ULONG_PTR)g_never,
         (unsigned long)(ULONG_PTR)h);
  g_kept = malloc(10);
  Sleep(10); /* the worker blocks meanwhile */
  return 0;
}

/* Lesson 3: a DLL that starts a background thread from an exported
 * function and returns at once.  Nothing makes the caller wait until that
 * thread has started, let alone finished, before it frees the DLL. */
#include <windows.h>

static DWORD WINAPI index_in_background(LPVOID arg) {
  (void)arg;
  Sleep(1); /* indexing */
  return 0;
}

__declspec(dllexport) void indexer_start(void) {
  HANDLE thread = CreateThread(NULL, 0, index_in_background, NULL, 0, NULL);
  if (thread) CloseHandle(thread);
}

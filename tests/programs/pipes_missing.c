/* Opening a pipe name no server has created fails with
 * ERROR_FILE_NOT_FOUND (2), and so does opening one whose only server end
 * has been closed. */
#include <windows.h>
#include <stdio.h>

static void try_open(const char *what, const char *name) {
  SetLastError(0);
  HANDLE h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  DWORD err = GetLastError();
  printf("%s: %s, error %lu\n", what, h == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "opened", err);
  if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
}

int main(void) {
  try_open("never created", "\\\\.\\pipe\\nobody");
  HANDLE server = CreateNamedPipeA("\\\\.\\pipe\\gone", PIPE_ACCESS_DUPLEX, 0, 1, 0, 0, 0, NULL);
  CloseHandle(server);
  try_open("server end closed", "\\\\.\\pipe\\gone");
  return 0;
}

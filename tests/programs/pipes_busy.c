/* A pipe instance takes one client: a second CreateFileA on a pipe whose
 * only instance is connected fails with ERROR_PIPE_BUSY (231).  With a
 * second instance of the same name, the second client connects to it. */
#include <windows.h>
#include <stdio.h>

#define PIPE_NAME "\\\\.\\pipe\\busy"

static HANDLE open_client(const char *what) {
  SetLastError(0);
  HANDLE h = CreateFileA(PIPE_NAME, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
  DWORD err = GetLastError();
  printf("%s: %s, error %lu\n", what, h == INVALID_HANDLE_VALUE ? "INVALID_HANDLE_VALUE" : "connected",
         h == INVALID_HANDLE_VALUE ? err : 0);
  return h;
}

int main(void) {
  HANDLE first = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX, 0, 2, 0, 0, 0, NULL);
  HANDLE c1 = open_client("first client");
  HANDLE c2 = open_client("second client, one instance");
  HANDLE second = CreateNamedPipeA(PIPE_NAME, PIPE_ACCESS_DUPLEX, 0, 2, 0, 0, 0, NULL);
  HANDLE c3 = open_client("second client, two instances");
  /* Each client talks to its own instance. */
  WriteFile(c3, "2", 1, NULL, NULL);
  WriteFile(c1, "1", 1, NULL, NULL);
  char a = 0, b = 0;
  ReadFile(first, &a, 1, NULL, NULL);
  ReadFile(second, &b, 1, NULL, NULL);
  printf("first instance read '%c', second instance read '%c'\n", a, b);
  if (c2 != INVALID_HANDLE_VALUE) CloseHandle(c2);
  CloseHandle(c3);
  CloseHandle(c1);
  CloseHandle(second);
  CloseHandle(first);
  return 0;
}

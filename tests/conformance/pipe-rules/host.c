/* Conformance probe: named-pipe rules.
 *
 * - Pipe names are not case-sensitive ("\\.\PIPE\Name" and
 *   "\\.\pipe\name" are one pipe).
 * - nMaxInstances, which the first instance sets, is enforced: one more
 *   CreateNamedPipe fails with ERROR_PIPE_BUSY (231); once an instance is
 *   closed another can be made.  0 is not a valid count: the documented
 *   range is 1 to PIPE_UNLIMITED_INSTANCES (255), and the simulator fails
 *   it with ERROR_INVALID_PARAMETER (87).  Wine 8.0 accepts 0 and creates
 *   the pipe (expected-wine.txt differs in that line only, every run).
 * - Reading or writing a server end that still listens for a client fails
 *   with ERROR_PIPE_LISTENING (536).
 * - ConnectNamedPipe after the client has connected and closed its end
 *   fails with ERROR_NO_DATA (232): the instance must be disconnected
 *   first.
 * The error codes are those CreateNamedPipe's and ConnectNamedPipe's
 * documentation give. */
#include <stdio.h>
#include <windows.h>

static HANDLE server(const char *name, DWORD max_instances) {
  return CreateNamedPipeA(name, PIPE_ACCESS_DUPLEX, PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT,
                          max_instances, 512, 512, 0, NULL);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HANDLE s1 = server("\\\\.\\pipe\\LoaderLab-Probe", 1);
  printf("first instance (nMaxInstances 1): %s\n", s1 != INVALID_HANDLE_VALUE ? "created" : "failed");
  SetLastError(0);
  HANDLE s2 = server("\\\\.\\PIPE\\loaderlab-probe", 1);
  printf("second instance, name in other case: %s, error %lu\n",
         s2 != INVALID_HANDLE_VALUE ? "created" : "failed", GetLastError());

  char buf[8];
  DWORD n = 0;
  SetLastError(0);
  BOOL ok = ReadFile(s1, buf, sizeof buf, &n, NULL);
  printf("ReadFile on the listening server: %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());
  SetLastError(0);
  ok = WriteFile(s1, "x", 1, &n, NULL);
  printf("WriteFile on the listening server: %s, error %lu\n", ok ? "TRUE" : "FALSE", GetLastError());

  HANDLE c = CreateFileA("\\\\.\\pipe\\LOADERLAB-PROBE", GENERIC_READ | GENERIC_WRITE, 0, NULL,
                         OPEN_EXISTING, 0, NULL);
  printf("client, name in upper case: %s\n", c != INVALID_HANDLE_VALUE ? "connected" : "failed");
  CloseHandle(c);
  SetLastError(0);
  ok = ConnectNamedPipe(s1, NULL);
  printf("ConnectNamedPipe after the client closed: %s, error %lu\n", ok ? "TRUE" : "FALSE",
         GetLastError());

  CloseHandle(s1);
  s2 = server("\\\\.\\pipe\\loaderlab-probe", 1);
  printf("an instance again once the first is closed: %s\n",
         s2 != INVALID_HANDLE_VALUE ? "created" : "failed");
  CloseHandle(s2);
  SetLastError(0);
  HANDLE s0 = server("\\\\.\\pipe\\loaderlab-probe-zero", 0);
  printf("nMaxInstances 0: %s, error %lu\n", s0 != INVALID_HANDLE_VALUE ? "created" : "failed",
         GetLastError());
  return 0;
}

/* The process ends while a worker waits in GetQueuedCompletionStatusEx
 * for a packet that never comes: the worker never returns from the call.
 * tests/test_ports.c runs it hundreds of times in one process to check
 * that such runs leave none of the simulator's memory behind. */
#include <windows.h>

static HANDLE g_port;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  OVERLAPPED_ENTRY e[4];
  ULONG n = 0;
  GetQueuedCompletionStatusEx(g_port, e, 4, &n, INFINITE, FALSE);
  return 0;
}

int main(void) {
  g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  HANDLE t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
  Sleep(10);                      /* the worker is in its wait by then */
  CloseHandle(t);
  return 0;                       /* ends the process, worker and all */
}

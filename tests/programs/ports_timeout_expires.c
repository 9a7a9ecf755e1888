/* A finite timeout expires in virtual time: GetQueuedCompletionStatus on an
 * empty port with a 250 ms timeout returns FALSE, WAIT_TIMEOUT and a NULL
 * OVERLAPPED exactly 250 ms later, GetQueuedCompletionStatusEx likewise
 * after its 40 ms; a packet posted before the timeout ends the wait early,
 * at the time it is posted. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static HANDLE g_port;

static DWORD WINAPI poster(LPVOID arg) {
  (void)arg;
  Sleep(100);
  PostQueuedCompletionStatus(g_port, 0, 9, NULL);
  return 0;
}

int main(void) {
  g_port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
  OVERLAPPED dummy;
  DWORD bytes = 0;
  ULONG_PTR key = 0;
  LPOVERLAPPED ov = &dummy;
  ULONGLONG t0 = GetTickCount64();
  BOOL ok = GetQueuedCompletionStatus(g_port, &bytes, &key, &ov, 250);
  DWORD err = GetLastError();
  ULONGLONG t1 = GetTickCount64();
  printf("GQCS(250 ms): %s, error %lu, overlapped %s, after %llu ms\n", ok ? "TRUE" : "FALSE",
         err, ov ? "not NULL" : "NULL", t1 - t0);
  assert(!ok && err == WAIT_TIMEOUT && !ov && t1 - t0 == 250);

  OVERLAPPED_ENTRY e[4];
  ULONG n = 99;
  ok = GetQueuedCompletionStatusEx(g_port, e, 4, &n, 40, FALSE);
  err = GetLastError();
  ULONGLONG t2 = GetTickCount64();
  printf("GQCSEx(40 ms): %s, %lu removed, error %lu, after %llu ms\n", ok ? "TRUE" : "FALSE", n,
         err, t2 - t1);
  assert(!ok && n == 0 && err == WAIT_TIMEOUT && t2 - t1 == 40);

  HANDLE t = CreateThread(NULL, 0, poster, NULL, 0, NULL);
  ok = GetQueuedCompletionStatus(g_port, &bytes, &key, &ov, 250);
  ULONGLONG t3 = GetTickCount64();
  printf("GQCS(250 ms), packet posted at +100 ms: %s, key %lu, after %llu ms\n",
         ok ? "TRUE" : "FALSE", (unsigned long)key, t3 - t2);
  assert(ok && key == 9 && t3 - t2 == 100);

  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(g_port);
  return 0;
}

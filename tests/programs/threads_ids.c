/* Thread ids: the id CreateThread reports, the id the new thread sees with
 * GetCurrentThreadId and the id GetThreadId reads from its handle are the
 * same, and differ from the main thread's. */
#include <windows.h>
#include <stdio.h>

static DWORD g_seen_id;

static DWORD WINAPI worker(LPVOID arg) {
  (void)arg;
  g_seen_id = GetCurrentThreadId();
  return 0;
}

int main(void) {
  DWORD created_id = 0;
  HANDLE h = CreateThread(NULL, 0, worker, NULL, 0, &created_id);
  WaitForSingleObject(h, INFINITE);
  DWORD by_handle = GetThreadId(h);
  DWORD main_id = GetCurrentThreadId();
  printf("created %lu, seen %lu, by handle %lu, main %lu\n", created_id, g_seen_id, by_handle,
         main_id);
  printf("all three agree: %d, differs from main: %d\n",
         created_id == g_seen_id && created_id == by_handle, created_id != main_id);
  CloseHandle(h);
  return 0;
}

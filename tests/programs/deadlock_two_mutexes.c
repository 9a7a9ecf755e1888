/* The same cycle as deadlock_two_cs.c with two mutexes. */
#include <windows.h>

static HANDLE g_first, g_second;
static HANDLE g_has_first, g_has_second;

static DWORD WINAPI first_then_second(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_first, INFINITE);
  SetEvent(g_has_first);
  WaitForSingleObject(g_has_second, INFINITE);
  WaitForSingleObject(g_second, INFINITE);
  return 0;
}

static DWORD WINAPI second_then_first(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_second, INFINITE);
  SetEvent(g_has_second);
  WaitForSingleObject(g_has_first, INFINITE);
  WaitForSingleObject(g_first, INFINITE);
  return 0;
}

int main(void) {
  g_first = CreateMutexA(NULL, FALSE, NULL);
  g_second = CreateMutexA(NULL, FALSE, NULL);
  g_has_first = CreateEventA(NULL, TRUE, FALSE, NULL);
  g_has_second = CreateEventA(NULL, TRUE, FALSE, NULL);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, first_then_second, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, second_then_first, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  return 0;
}

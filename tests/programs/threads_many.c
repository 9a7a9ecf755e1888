/* 3,000 threads alive at once, then 5,000 more created and joined one
 * after another: exited threads count toward no limit. */
#include <windows.h>
#include <stdio.h>

enum { LIVE = 3000, CHURN = 5000 };
static HANDLE g_threads[LIVE];
static HANDLE g_go;

static DWORD WINAPI parked(LPVOID arg) {
  (void)arg;
  WaitForSingleObject(g_go, INFINITE);
  return 0;
}

static DWORD WINAPI quick(LPVOID arg) {
  (void)arg;
  return 7;
}

int main(void) {
  g_go = CreateEventA(NULL, TRUE, FALSE, NULL);
  int created = 0;
  while (created < LIVE && (g_threads[created] = CreateThread(NULL, 0, parked, NULL, 0, NULL))) created++;
  printf("%d threads alive at once\n", created);
  SetEvent(g_go);
  for (int i = 0; i < created; i++) {
    WaitForSingleObject(g_threads[i], INFINITE);
    CloseHandle(g_threads[i]);
  }
  int joined = 0;
  for (int i = 0; i < CHURN; i++) {
    HANDLE t = CreateThread(NULL, 0, quick, NULL, 0, NULL);
    if (!t) break;
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    joined++;
  }
  printf("%d more created and joined\n", joined);
  return 0;
}

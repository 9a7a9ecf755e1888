/* Every run fails at its end, after two threads have taken 18,000 steps
 * between them: a random schedule of it records thousands of choices, so
 * its encoding is far longer than 64 KiB (test_scale.c: a worker process
 * hands such a schedule back whole). */
#include <windows.h>
#include <assert.h>

static LONG volatile a, b;

static DWORD WINAPI count_a(LPVOID arg) {
  (void)arg;
  for (int i = 0; i < 9000; i++) InterlockedIncrement(&a);
  return 0;
}

static DWORD WINAPI count_b(LPVOID arg) {
  (void)arg;
  for (int i = 0; i < 9000; i++) InterlockedIncrement(&b);
  return 0;
}

int main(void) {
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, count_a, NULL, 0, NULL);
  t[1] = CreateThread(NULL, 0, count_b, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  assert(a + b == 0 && "fails in every schedule, at the end");
  return 0;
}

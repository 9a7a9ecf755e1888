/* Two threads print lines with scheduling points between them, so the
 * lines interleave as the schedule says; stderr lines are interleaved
 * with them in the trace but kept in their own stream.
 *
 * Every line carries the program's own count of the lines written so far,
 * on either stream ("#3 worker 1 line 1"), taken under a lock with the
 * write, so the program itself says in which order it wrote them: the
 * captured streams must show the numbers in that order, none missing,
 * none twice. */
#include <windows.h>
#include <stdint.h>
#include <stdio.h>

static CRITICAL_SECTION print_lock;
static int lines_written;

static void say(FILE *stream, int me, const char *what, int i) {
  EnterCriticalSection(&print_lock);
  lines_written++;
  fprintf(stream, "#%d worker %d %s %d\n", lines_written, me, what, i);
  LeaveCriticalSection(&print_lock);
}

static DWORD WINAPI worker(LPVOID arg) {
  int me = (int)(uintptr_t)arg;
  for (int i = 0; i < 3; i++) {
    say(stdout, me, "line", i);
    if (i == 1) say(stderr, me, "note", i);
  }
  return 0;
}

int main(void) {
  InitializeCriticalSection(&print_lock);
  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, worker, (LPVOID)(uintptr_t)1, 0, NULL);
  t[1] = CreateThread(NULL, 0, worker, (LPVOID)(uintptr_t)2, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("#%d main done\n", ++lines_written);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  DeleteCriticalSection(&print_lock);
  return 0;
}

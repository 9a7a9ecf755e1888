/* Conformance probe: InitOnceExecuteOnce.
 *
 * An init function that fails makes the call return FALSE with the error
 * it set (here 8), and the next call runs it again; once it succeeded it
 * never runs again and every call gets the context it stored, also a call
 * with no context pointer.  Then two threads call at once while the first
 * one's init function is still running (it sleeps 100 ms): the second
 * waits for it and gets its context without running the function.
 */
#include <stdio.h>
#include <windows.h>

static INIT_ONCE once;
static int calls;
static int thing, other_thing;
static INIT_ONCE shared = INIT_ONCE_STATIC_INIT;
static volatile LONG shared_runs;
static void *seen[2];

static BOOL WINAPI init(PINIT_ONCE o, PVOID param, PVOID *context) {
  (void)o;
  (void)param;
  calls++;
  if (calls == 1) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return FALSE;
  }
  if (context) *context = &thing;
  return TRUE;
}

static BOOL WINAPI slow_init(PINIT_ONCE o, PVOID param, PVOID *context) {
  (void)o;
  InterlockedIncrement(&shared_runs);
  Sleep(100);
  *context = param;
  return TRUE;
}

static DWORD WINAPI user(LPVOID arg) {
  int i = (int)(INT_PTR)arg;
  if (!InitOnceExecuteOnce(&shared, slow_init, &other_thing, &seen[i])) seen[i] = NULL;
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  InitOnceInitialize(&once);
  void *context = NULL;
  SetLastError(0);
  BOOL ok = InitOnceExecuteOnce(&once, init, NULL, &context);
  printf("main: first call %s, error %lu, init ran %d time\n", ok ? "TRUE" : "FALSE", GetLastError(), calls);
  ok = InitOnceExecuteOnce(&once, init, NULL, &context);
  printf("main: second call %s, stored context: %s, init ran %d times\n", ok ? "TRUE" : "FALSE",
         context == &thing ? "yes" : "no", calls);
  context = NULL;
  ok = InitOnceExecuteOnce(&once, init, NULL, &context);
  printf("main: third call %s, stored context: %s, init ran %d times\n", ok ? "TRUE" : "FALSE",
         context == &thing ? "yes" : "no", calls);
  ok = InitOnceExecuteOnce(&once, init, NULL, NULL);
  printf("main: a call with no context pointer %s\n", ok ? "TRUE" : "FALSE");

  HANDLE t[2];
  t[0] = CreateThread(NULL, 0, user, (LPVOID)0, 0, NULL);
  Sleep(50);
  t[1] = CreateThread(NULL, 0, user, (LPVOID)1, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("main: two threads at once: init ran %ld time, both got its context: %s\n", shared_runs,
         seen[0] == &other_thing && seen[1] == &other_thing ? "yes" : "no");
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

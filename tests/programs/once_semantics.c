/* InitOnceExecuteOnce, one rule per line: an init function that fails
 * makes the call fail with the error it set, and the next call runs it
 * again; once it succeeded it never runs again and every call returns the
 * context it stored; a NULL context pointer is allowed. */
#include <windows.h>
#include <stdio.h>

static INIT_ONCE g_once;
static int g_calls;
static int g_thing;

static BOOL WINAPI init(PINIT_ONCE once, PVOID param, PVOID *context) {
  (void)once;
  (void)param;
  g_calls++;
  if (g_calls == 1) {
    SetLastError(ERROR_NOT_ENOUGH_MEMORY);
    return FALSE;
  }
  if (context) *context = &g_thing;
  return TRUE;
}

int main(void) {
  InitOnceInitialize(&g_once);
  void *context = NULL;
  SetLastError(0);
  BOOL ok = InitOnceExecuteOnce(&g_once, init, NULL, &context);
  printf("first call: %s, error %lu, init ran %d time\n", ok ? "TRUE" : "FALSE", GetLastError(), g_calls);
  ok = InitOnceExecuteOnce(&g_once, init, NULL, &context);
  printf("second call: %s, context is the stored one: %s, init ran %d times\n", ok ? "TRUE" : "FALSE",
         context == &g_thing ? "yes" : "no", g_calls);
  context = NULL;
  ok = InitOnceExecuteOnce(&g_once, init, NULL, &context);
  printf("third call: %s, context is the stored one: %s, init ran %d times\n", ok ? "TRUE" : "FALSE",
         context == &g_thing ? "yes" : "no", g_calls);
  ok = InitOnceExecuteOnce(&g_once, init, NULL, NULL);
  printf("with no context pointer: %s\n", ok ? "TRUE" : "FALSE");
  return 0;
}

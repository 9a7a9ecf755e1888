/* Opening named objects: a new handle to the same object; a name nobody
 * created (ERROR_FILE_NOT_FOUND), a name another type holds
 * (ERROR_INVALID_HANDLE), no name at all (ERROR_INVALID_PARAMETER). */
#include <windows.h>
#include <stdio.h>

static void show(const char *what, HANDLE h) {
  printf("%s: %s, error %lu\n", what, h ? "a handle" : "NULL", h ? 0 : GetLastError());
}

int main(void) {
  HANDLE e = CreateEventA(NULL, FALSE, FALSE, "probe-event");
  HANDLE m = CreateMutexA(NULL, FALSE, "probe-mutex");
  HANDLE s = CreateSemaphoreA(NULL, 0, 2, "probe-semaphore");
  HANDLE oe = OpenEventA(EVENT_MODIFY_STATE, FALSE, "probe-event");
  HANDLE om = OpenMutexA(SYNCHRONIZE, FALSE, "probe-mutex");
  HANDLE os = OpenSemaphoreW(SEMAPHORE_MODIFY_STATE, FALSE, L"probe-semaphore");
  printf("opened: event %s, mutex %s, semaphore %s, each a new handle: %s\n", oe ? "yes" : "no",
         om ? "yes" : "no", os ? "yes" : "no", oe != e && om != m && os != s ? "yes" : "no");
  SetEvent(oe);
  printf("SetEvent through the opened handle reaches the event: %s\n",
         WaitForSingleObject(e, 0) == WAIT_OBJECT_0 ? "yes" : "no");
  SetLastError(0);
  show("OpenEventA(\"no-such-event\")", OpenEventA(EVENT_ALL_ACCESS, FALSE, "no-such-event"));
  SetLastError(0);
  show("OpenMutexA(\"probe-event\")", OpenMutexA(MUTEX_ALL_ACCESS, FALSE, "probe-event"));
  SetLastError(0);
  show("OpenSemaphoreA(NULL)", OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, NULL));
  CloseHandle(oe);
  CloseHandle(om);
  CloseHandle(os);
  CloseHandle(e);
  CloseHandle(m);
  CloseHandle(s);
  return 0;
}

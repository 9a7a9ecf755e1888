/* Conformance probe: OpenEvent, OpenMutex and OpenSemaphore.
 *
 * Each gives a new handle to the named object (a SetEvent through it
 * reaches the event); a name nobody created fails with
 * ERROR_FILE_NOT_FOUND (2), a name an object of another type holds with
 * ERROR_INVALID_HANDLE (6), and no name at all with
 * ERROR_INVALID_PARAMETER (87).  Once the last handle of an object is
 * closed, its name is gone: opening it fails with ERROR_FILE_NOT_FOUND.
 */
#include <stdio.h>
#include <windows.h>

static void show(const char *what, HANDLE h) {
  printf("%s: %s, error %lu\n", what, h ? "a handle" : "NULL", h ? 0 : GetLastError());
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HANDLE e = CreateEventA(NULL, FALSE, FALSE, "loaderlab-open-event");
  HANDLE m = CreateMutexA(NULL, FALSE, "loaderlab-open-mutex");
  HANDLE s = CreateSemaphoreA(NULL, 0, 2, "loaderlab-open-semaphore");
  HANDLE oe = OpenEventA(EVENT_MODIFY_STATE, FALSE, "loaderlab-open-event");
  HANDLE om = OpenMutexA(SYNCHRONIZE, FALSE, "loaderlab-open-mutex");
  HANDLE os = OpenSemaphoreW(SEMAPHORE_MODIFY_STATE, FALSE, L"loaderlab-open-semaphore");
  printf("opened: event %s, mutex %s, semaphore %s, each a new handle: %s\n", oe ? "yes" : "no",
         om ? "yes" : "no", os ? "yes" : "no", oe != e && om != m && os != s ? "yes" : "no");
  SetEvent(oe);
  printf("SetEvent through the opened handle reaches the event: %s\n",
         WaitForSingleObject(e, 0) == WAIT_OBJECT_0 ? "yes" : "no");
  SetLastError(0);
  show("OpenEventA(\"no-such-event\")", OpenEventA(EVENT_ALL_ACCESS, FALSE, "no-such-event"));
  SetLastError(0);
  show("OpenMutexA(\"loaderlab-open-event\")", OpenMutexA(MUTEX_ALL_ACCESS, FALSE, "loaderlab-open-event"));
  SetLastError(0);
  show("OpenSemaphoreA(NULL)", OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, NULL));
  CloseHandle(oe);
  CloseHandle(om);
  CloseHandle(os);
  CloseHandle(e);
  CloseHandle(m);
  CloseHandle(s);
  /* The name goes with the object's last handle. */
  SetLastError(0);
  show("every handle closed, OpenEventA(\"loaderlab-open-event\")",
       OpenEventA(EVENT_ALL_ACCESS, FALSE, "loaderlab-open-event"));
  return 0;
}

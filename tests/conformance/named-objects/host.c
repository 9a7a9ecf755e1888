/* Conformance probe: the life of a named object.
 *
 * Creating an object with a name that exists opens the existing object
 * (ERROR_ALREADY_EXISTS, 183); a name of another type of object fails with
 * ERROR_INVALID_HANDLE (6) (CreateEvent's documentation says both).  Once
 * the last handle is closed the object and its name are gone: creating
 * the name again makes a new object, with the state the new call asks for,
 * and the last error ERROR_SUCCESS (0). */
#include <stdio.h>
#include <windows.h>

static const char *state(HANDLE h) {
  return WaitForSingleObject(h, 0) == WAIT_OBJECT_0 ? "signalled" : "not signalled";
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  HANDLE a = CreateEventA(NULL, TRUE, TRUE, "loaderlab-probe-event");
  printf("create: error %lu, %s\n", GetLastError(), state(a));
  HANDLE b = CreateEventA(NULL, TRUE, FALSE, "loaderlab-probe-event");
  printf("create again: error %lu, %s (the existing event)\n", GetLastError(), state(b));
  HANDLE m = CreateMutexA(NULL, FALSE, "loaderlab-probe-event");
  printf("a mutex of that name: %s, error %lu\n", m ? "a handle" : "NULL", GetLastError());
  CloseHandle(a);
  HANDLE c = CreateEventA(NULL, TRUE, FALSE, "loaderlab-probe-event");
  printf("one handle closed, create again: error %lu, %s\n", GetLastError(), state(c));
  CloseHandle(b);
  CloseHandle(c);
  HANDLE d = CreateEventA(NULL, TRUE, FALSE, "loaderlab-probe-event");
  printf("every handle closed, create again: error %lu, %s (a new event)\n", GetLastError(), state(d));
  CloseHandle(d);

  HANDLE s = CreateSemaphoreA(NULL, 2, 5, "loaderlab-probe-semaphore");
  CloseHandle(s);
  s = CreateSemaphoreA(NULL, 0, 5, "loaderlab-probe-semaphore");
  printf("semaphore made again: error %lu, %s\n", GetLastError(), state(s));
  CloseHandle(s);
  return 0;
}

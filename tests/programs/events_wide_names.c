/* Kernel object names are one namespace for the A and W functions: an
 * event, mutex or semaphore created with a wide name is the one created
 * with the same narrow name (ERROR_ALREADY_EXISTS, shared state), and a
 * name taken by an object of another type cannot be opened as this type
 * (NULL, ERROR_INVALID_HANDLE). */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HANDLE ea = CreateEventA(NULL, TRUE, FALSE, "shared");
  HANDLE ew = CreateEventW(NULL, TRUE, FALSE, L"shared");
  DWORD e_error = GetLastError();
  SetEvent(ew);
  printf("event: error %lu, set through W seen through A: %d\n", e_error,
         WaitForSingleObject(ea, 0) == WAIT_OBJECT_0);

  HANDLE mw = CreateMutexW(NULL, TRUE, L"lock");
  HANDLE ma = CreateMutexA(NULL, FALSE, "lock");
  DWORD m_error = GetLastError();
  BOOL released = ReleaseMutex(ma);
  printf("mutex: error %lu, owned through W released through A: %d\n", m_error, released);

  HANDLE sw = CreateSemaphoreW(NULL, 1, 1, L"slots");
  HANDLE sa = CreateSemaphoreA(NULL, 1, 1, "slots");
  DWORD s_error = GetLastError();
  DWORD first = WaitForSingleObject(sa, 0), second = WaitForSingleObject(sw, 0);
  printf("semaphore: error %lu, one count between both handles: %d\n", s_error,
         first == WAIT_OBJECT_0 && second == WAIT_TIMEOUT);

  HANDLE wrong = CreateMutexA(NULL, FALSE, "shared");
  DWORD wrong_error = GetLastError();
  printf("a mutex named like an event: %s, error %lu\n", wrong ? "a handle" : "NULL", wrong_error);

  CloseHandle(ea);
  CloseHandle(ew);
  CloseHandle(mw);
  CloseHandle(ma);
  CloseHandle(sw);
  CloseHandle(sa);
  return 0;
}

/* Opens more handles than the old handle table could tell apart from its
 * free slots (about 4,096), closes every one, then opens as many again: the
 * values are reused most recently closed first, a closed handle is invalid,
 * and every new handle names its own object. */
#include <windows.h>
#include <stdio.h>

#define HANDLES 5000

static HANDLE events[HANDLES];

int main(void) {
  for (int i = 0; i < HANDLES; i++)
    if (!(events[i] = CreateEventA(NULL, TRUE, FALSE, NULL))) return 1;
  for (int i = 0; i < HANDLES; i++)
    if (!CloseHandle(events[i])) return 2;
  if (CloseHandle(events[0]) || GetLastError() != ERROR_INVALID_HANDLE) return 3;
  HANDLE last_closed = events[HANDLES - 1];
  for (int i = 0; i < HANDLES; i++)
    if (!(events[i] = CreateEventA(NULL, TRUE, i % 2 == 0, NULL))) return 4;
  printf("first new handle reuses the last closed: %s\n", events[0] == last_closed ? "yes" : "no");
  int signalled = 0;
  for (int i = 0; i < HANDLES; i++)
    if (WaitForSingleObject(events[i], 0) == WAIT_OBJECT_0) signalled++;
  printf("signalled: %d of %d\n", signalled, HANDLES);
  for (int i = 0; i < HANDLES; i++) CloseHandle(events[i]);
  return 0;
}

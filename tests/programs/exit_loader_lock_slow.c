/* slow.dll: its DLL_PROCESS_ATTACH tells the host it has begun (a named
 * event), then takes virtual time before it finishes, so the host can
 * reach its exit while the loader lock is held here.  DLL_PROCESS_DETACH
 * at exit asserts that the attach finished first. */
#include <windows.h>
#include <assert.h>
#include <stdio.h>

static int attach_finished;

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  if (reason == DLL_PROCESS_ATTACH) {
    puts("slow.dll PROCESS_ATTACH begins");
    HANDLE inside = CreateEventA(NULL, TRUE, FALSE, "slow-dll-attaching");
    SetEvent(inside);
    CloseHandle(inside);
    Sleep(10);
    puts("slow.dll PROCESS_ATTACH ends");
    attach_finished = 1;
  } else if (reason == DLL_PROCESS_DETACH) {
    printf("slow.dll PROCESS_DETACH reserved=%s\n", reserved ? "set" : "NULL");
    assert(attach_finished);
  }
  return TRUE;
}

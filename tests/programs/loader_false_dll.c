/* A DLL whose DllMain refuses to attach when the host asks it to (through
 * a variable the host exports). */
#include <windows.h>
#include <stdio.h>

static int attaches; /* fresh on every load: counts attaches within one load */

BOOL WINAPI DllMain(HINSTANCE h, DWORD reason, LPVOID reserved) {
  (void)h;
  (void)reserved;
  if (reason == DLL_PROCESS_ATTACH) {
    attaches++;
    printf("attach (attaches in this instance: %d)\n", attaches);
    int *refuse = (int *)GetProcAddress(GetModuleHandleA(NULL), "refuse_next_attach");
    if (refuse && *refuse) {
      *refuse = 0;
      printf("refusing\n");
      return FALSE;
    }
  }
  if (reason == DLL_PROCESS_DETACH) printf("detach\n");
  return TRUE;
}

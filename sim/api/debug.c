/* OutputDebugStringA: on Windows it goes to an attached debugger; here it
 * goes to the trace, which is what a student reads instead.
 */
#include "api.h"

void WINAPI OutputDebugStringA(LPCSTR s) {
  SIM_ENTER(OutputDebugStringA);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "OutputDebugStringA(\"%s\")", s ? s : "");
  SIM_RETURN_VOID();
}

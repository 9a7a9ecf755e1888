/* OutputDebugStringA/W: on Windows it goes to an attached debugger; here
 * it goes to the trace, which is what a student reads instead.
 */
#include "api.h"

void WINAPI OutputDebugStringA(LPCSTR s) {
  SIM_ENTER(OutputDebugStringA);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "OutputDebugStringA(\"%s\")", s ? s : "");
  SIM_RETURN_VOID();
}

void WINAPI OutputDebugStringW(LPCWSTR s) {
  SIM_ENTER(OutputDebugStringW);
  char text[512];
  sim__wide_to_utf8(s, text, sizeof text);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "OutputDebugStringW(\"%s\")", s ? text : "");
  SIM_RETURN_VOID();
}

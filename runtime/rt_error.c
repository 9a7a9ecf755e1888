/* Naming errors: the runtime's own codes (from RT_ERROR_MAP in rt.h) and
 * the Win32 codes its functions pass on.
 *
 * Left out: the system's message text (FormatMessage is not part of the
 * Win32 subset the simulator provides); a symbolic name is what a test or
 * a trace wants anyway.
 */
#include "rt_internal.h"

const char *rt_error_name(rt_error error) {
  switch (error) {
  case RT_OK: return "RT_OK";
#define RT__ERROR_CASE(name, value, text) \
  case name: return #name;
    RT_ERROR_MAP(RT__ERROR_CASE)
#undef RT__ERROR_CASE
  /* The Win32 codes the runtime's own calls can fail with. */
  case ERROR_ACCESS_DENIED: return "ERROR_ACCESS_DENIED";
  case ERROR_INVALID_HANDLE: return "ERROR_INVALID_HANDLE";
  case ERROR_NOT_ENOUGH_MEMORY: return "ERROR_NOT_ENOUGH_MEMORY";
  case ERROR_OUTOFMEMORY: return "ERROR_OUTOFMEMORY";
  case ERROR_INVALID_PARAMETER: return "ERROR_INVALID_PARAMETER";
  case ERROR_NO_MORE_ITEMS: return "ERROR_NO_MORE_ITEMS";
  case ERROR_ABANDONED_WAIT_0: return "ERROR_ABANDONED_WAIT_0";
  case ERROR_TIMEOUT: return "ERROR_TIMEOUT";
  default: return "a Win32 error";
  }
}

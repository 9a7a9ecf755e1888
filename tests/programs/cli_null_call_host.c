/* Calls what GetProcAddress returned without checking it: the name is
 * misspelt, so the pointer is NULL.  Also loads a DLL that does not exist,
 * so that the trace shows the errors both calls set. */
#include <windows.h>

typedef int (*entry_fn)(void);

int main(void) {
  HMODULE helper = LoadLibraryA("helper.dll");
  HMODULE missing = LoadLibraryA("missing.dll");
  (void)missing;
  entry_fn entry = (entry_fn)GetProcAddress(helper, "helper_entry_pointt");
  return entry();
}

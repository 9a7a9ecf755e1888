/* A _UNICODE build of <tchar.h>, which is not simulated. */
#define _UNICODE
#include <windows.h>
#include <tchar.h>

int main(void) { return 0; }

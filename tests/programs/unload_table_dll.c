/* A DLL with a table larger than a page, exported as data, and a second
 * variable on a page of its own. */
#include <windows.h>

__declspec(dllexport) int table[4096] = {1, 2, 3};
__declspec(dllexport) int other_page[1024] __attribute__((aligned(4096))) = {7};

/* Symbols of every kind an image has, for the loader's symbol lookup. */
#include <windows.h>

static int counter = 1;
int shared_table[100] = {1};
__declspec(dllexport) int exported_value = 5;

static int helper(int x) { return x + counter; }
int hidden_function(int x) { return helper(x) * 2; }
__declspec(dllexport) int exported_function(int x) { return hidden_function(x) + shared_table[x % 100]; }

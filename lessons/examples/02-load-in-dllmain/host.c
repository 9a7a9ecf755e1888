/* Lesson 2: load the plugin and report whether it loaded. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  HMODULE plugin = LoadLibraryA("plugin.dll");
  printf("main: plugin %s\n", plugin ? "loaded" : "failed to load");
  return 0;
}

/* Lesson 3: load the indexer, start it, and free it right away. */
#include <windows.h>
#include <stdio.h>

typedef void (*start_fn)(void);

int main(void) {
  HMODULE indexer = LoadLibraryA("indexer.dll");
  if (!indexer) return 1;
  start_fn start = (start_fn)(void *)GetProcAddress(indexer, "indexer_start");
  if (!start) return 1;
  start();
  FreeLibrary(indexer);
  printf("main: indexer started and freed\n");
  Sleep(10);
  return 0;
}

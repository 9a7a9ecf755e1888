/* Lesson 8: a program that writes two log lines, works a little, and
 * returns from main without unloading the logger, as most programs do:
 * the C runtime then calls ExitProcess. */
#include <windows.h>
#include <stdio.h>

typedef void (*write_fn)(const char *line);

int main(void) {
  HMODULE logger = LoadLibraryA("logger.dll");
  if (!logger) return 1;
  write_fn log_write = (write_fn)(void *)GetProcAddress(logger, "log_write");
  if (!log_write) return 1;
  log_write("started");
  log_write("working");
  Sleep(12); /* the work, while the logger's writer thread runs */
  printf("main: returning from main\n");
  return 0;
}

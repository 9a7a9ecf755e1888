/* Lesson 1: a program that walks hello.dll through its life: loaded twice,
 * used from a second thread, freed twice, then loaded again and left for
 * the process exit to clean up. */
#include <windows.h>
#include <stdio.h>

typedef int (*answer_fn)(void);

static DWORD WINAPI worker(LPVOID module) {
  answer_fn answer = (answer_fn)(void *)GetProcAddress((HMODULE)module, "hello_answer");
  printf("thread %lu: hello_answer() returns %d\n", GetCurrentThreadId(), answer ? answer() : -1);
  return 0;
}

int main(void) {
  printf("main: LoadLibrary(\"hello.dll\")\n");
  HMODULE first = LoadLibraryA("hello.dll");
  if (!first) return 1;
  printf("main: LoadLibrary(\"hello.dll\") again\n");
  HMODULE second = LoadLibraryA("hello.dll");
  printf("main: the same handle: %s\n", second == first ? "yes" : "no");

  printf("main: CreateThread\n");
  HANDLE thread = CreateThread(NULL, 0, worker, first, 0, NULL);
  WaitForSingleObject(thread, INFINITE);
  CloseHandle(thread);
  printf("main: the thread has exited\n");

  printf("main: FreeLibrary\n");
  FreeLibrary(first);
  printf("main: FreeLibrary again\n");
  FreeLibrary(second);
  printf("main: hello.dll is %s\n", GetModuleHandleA("hello.dll") ? "still loaded" : "unloaded");

  printf("main: LoadLibrary(\"hello.dll\"), then return from main\n");
  LoadLibraryA("hello.dll");
  return 0;
}

/* Lesson 9: start the job and free the DLL at once, then wait for the job
 * and look whether the DLL is still loaded. */
#include <windows.h>
#include <stdio.h>

typedef HANDLE (*start_fn)(void);

int main(void) {
  HMODULE job = LoadLibraryA("job.dll");
  if (!job) return 1;
  start_fn start = (start_fn)(void *)GetProcAddress(job, "job_start");
  HANDLE thread = start ? start() : NULL;
  if (!thread) return 1;
  FreeLibrary(job);
  printf("main: freed job.dll, which is %s\n", GetModuleHandleA("job.dll") ? "still loaded" : "unloaded");
  WaitForSingleObject(thread, INFINITE);
  CloseHandle(thread);
  printf("main: the job is done, job.dll is %s\n", GetModuleHandleA("job.dll") ? "still loaded" : "unloaded");
  return 0;
}

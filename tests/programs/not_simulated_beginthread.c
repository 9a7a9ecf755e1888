/* Calls the C runtime's _beginthread, which is not simulated. */
#include <windows.h>
#include <process.h>

static void run(void *arg) { (void)arg; }

int main(void) { return _beginthread(run, 0, NULL) == 0; }

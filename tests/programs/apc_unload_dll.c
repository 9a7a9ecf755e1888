/* Queues one of its own functions as an APC to the caller's thread. */
#include <windows.h>

static void CALLBACK later(ULONG_PTR arg) { (void)arg; }

__declspec(dllexport) void queue_later(void) { QueueUserAPC(later, GetCurrentThread(), 0); }

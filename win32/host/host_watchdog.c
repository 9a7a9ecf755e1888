/* The watchdog: a thread that ends the run with a hang verdict when a cycle
 * makes no progress for timeout_ms,
 *
 *   cycle 3: hang (no progress for 10000 ms, main thread in FreeLibrary)
 *
 * The driving thread kicks it at the start of every cycle.  The usual hang
 * is a deadlock on the loader lock (a DllMain that waits for a thread, which
 * needs the lock to exit), so the stuck thread cannot be asked to report
 * anything and may hold the lock for good: the watchdog is started before
 * the first cycle, because starting a thread later would itself need the
 * loader lock, and it reports with nothing but WriteFile and
 * TerminateProcess.  Starting it is not enough: a new thread takes the
 * loader lock once more on its way in (for DLL_THREAD_ATTACH, whether or
 * not any DLL wants it), so a first LoadLibrary that deadlocks at once (a
 * DllMain that waits for a thread it created) would catch a watchdog still
 * on its way in.  host_watchdog_start returns only once the watchdog runs
 * its own code.
 *
 * Progress is a new cycle or any CPU time used by this process (or, in the
 * exit pattern, by the child's main thread).  A deadlock uses none: every
 * thread involved is blocked.  A cycle that is merely slow, because the
 * machine is busy, still uses some within any window of seconds; so a
 * window in which the CPU time moved starts a new window instead of ending
 * the run, and a loaded machine never turns a slow cycle into a hang.
 *
 * Left out: a livelock (threads that spin without end) is not a hang here;
 * the test runner's outer limit ends it. */
#include "host.h"

static HANDLE progress_event;
static volatile LONG stopped;
static DWORD timeout_ms;

static DWORD WINAPI watchdog_main(LPVOID running) {
  SetEvent((HANDLE)running);
  ULONGLONG cpu_at_window_start = host_cpu_time_used();
  for (;;) {
    /* Each kick (a new cycle) restarts the full timeout. */
    if (WaitForSingleObject(progress_event, timeout_ms) != WAIT_TIMEOUT) {
      if (stopped) return 0;
      cpu_at_window_start = host_cpu_time_used();
      continue;
    }
    if (stopped) return 0;
    ULONGLONG cpu_now = host_cpu_time_used();
    if (cpu_now != cpu_at_window_start) {
      /* Slow, not stuck: something ran during the window. */
      cpu_at_window_start = cpu_now;
      continue;
    }
    host_line line = {0};
    host_line_cycle(&line);
    host_line_text(&line, "hang (no progress for ");
    host_line_unsigned(&line, timeout_ms);
    host_line_text(&line, " ms, main thread in ");
    host_line_text(&line, host_stage());
    host_line_text(&line, ")");
    host_end_run(&line, HOST_VERDICT_HANG);
  }
}

BOOL host_watchdog_start(unsigned timeout) {
  timeout_ms = timeout;
  progress_event = CreateEventA(NULL, FALSE, FALSE, NULL);
  if (!progress_event) return FALSE;
  HANDLE running = CreateEventA(NULL, TRUE, FALSE, NULL);
  if (!running) return FALSE;
  HANDLE thread = CreateThread(NULL, 0, watchdog_main, running, 0, NULL);
  if (!thread) {
    CloseHandle(running);
    return FALSE;
  }
  /* Running its own code means past the loader lock; a thread that ends
   * before (it cannot, short of a fault) would leave no watchdog. */
  HANDLE started[] = {running, thread};
  DWORD which = WaitForMultipleObjects(2, started, FALSE, INFINITE);
  CloseHandle(running);
  CloseHandle(thread);
  return which == WAIT_OBJECT_0;
}

void host_watchdog_kick(void) {
  if (progress_event) SetEvent(progress_event);
}

/* The run is over: the watchdog must not fire while the summary prints.  It
 * is not waited for; process exit takes it away. */
void host_watchdog_stop(void) {
  stopped = 1;
  host_watchdog_kick();
}

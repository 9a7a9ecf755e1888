/* What the host shim (host_shim.c) tells the grader about one run.
 *
 * The grader resets it before every run; the shim, compiled into the host
 * program, sets it while the run goes.  It lives in the loaderlab
 * executable and the host finds it by name, as it finds every simulated
 * Win32 function.
 */
#ifndef GRADE_HOST_STATE_H
#define GRADE_HOST_STATE_H

#include <stddef.h>

struct loaderlab_grade_host_state {
  int main_returned;      /* the host's main returned */
  int ended;              /* the host itself called exit or ExitProcess */
  int progress_seen;      /* the host printed a line holding `progress` */
  size_t heap_bytes;      /* live simulated heap when the host finished */
  const char *progress;   /* the scenario's progress text, or NULL */
};

extern struct loaderlab_grade_host_state loaderlab_grade_host;

/* Called by the shim when the host is about to end the process (main
 * returns, or the host calls exit or ExitProcess). */
void loaderlab_grade_host_finishing(void);

#endif

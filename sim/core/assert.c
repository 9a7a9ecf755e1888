/* The one policy for internal failures (sim_assert in core.h): a broken
 * invariant of the simulator itself is reported with the condition, where
 * it was checked and why it matters, and the process aborts, so that a
 * test or a course sees the failure at once instead of a wrong verdict.
 *
 * A bug of the simulated program is never reported this way: it ends the
 * run with a verdict.
 */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>

void sim__assert_fail(const char *cond, const char *file, int line, const char *fmt, ...) {
  fflush(stdout);
  fprintf(stderr, "loaderlab: internal error at %s:%d: %s failed: ", file, line, cond);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\n(this is a bug of the simulator, not of the simulated program)\n", stderr);
  abort();
}

/* The whole runtime as one translation unit, so that a scenario or a build
 * names a single file (`dll driver.dll driver.c ../../runtime/rt.c` with
 * `include ../../runtime`), as Lua's onelua.c and SQLite's amalgamation do.
 * Each part stays a small file with one job; compile either this file or
 * the parts, never both.
 */
#include "rt_error.c"
#include "rt_runtime.c"
#include "rt_task.c"
#include "rt_timer.c"
#include "rt_worker.c"

/* Specification of the resource-limit verdict when the operating system
 * refuses the simulator what a run needs (a thread's stack, the
 * protection of an unloaded DLL's pages, or giving them back), through
 * the sim_os seam of loaderlab.h: like SQLite's test VFS, a table in front
 * of the real calls fails the Nth call of one kind.  A refusal is never
 * the program's bug, never a crash of the simulator, and never silent. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "harness.h"

/* Calls left before the failing one, per kind; -1: never fail. */
static int mmap_left = -1, mprotect_left = -1;

static void *failing_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
  if (mmap_left == 0) {
    errno = ENOMEM;
    return MAP_FAILED;
  }
  if (mmap_left > 0) mmap_left--;
  return sim_os_default()->mmap(addr, len, prot, flags, fd, off);
}

static int failing_munmap(void *addr, size_t len) { return sim_os_default()->munmap(addr, len); }

static int failing_mprotect(void *addr, size_t len, int prot) {
  if (mprotect_left == 0) {
    errno = ENOMEM;
    return -1;
  }
  if (mprotect_left > 0) mprotect_left--;
  return sim_os_default()->mprotect(addr, len, prot);
}

static const sim_os failing_os = {failing_mmap, failing_munmap, failing_mprotect};

/* Runs p with the Nth mmap and the Mth mprotect of the run failing (from
 * 0; -1: none), then the real calls again. */
static void run_failing(sim_program *p, int mmap_n, int mprotect_n, sim_result *r) {
  mmap_left = mmap_n;
  mprotect_left = mprotect_n;
  sim_os_use(&failing_os);
  th_run(p, r);
  sim_os_use(NULL);
}

static void expect_limit(const sim_result *r, const char *has) {
  th_expect_verdict(r, SIM_VERDICT_LIMIT);
  cr_expect(strstr(th_message(r), has), "%s", th_message(r));
  cr_expect(strstr(th_message(r), strerror(ENOMEM)), "the system's reason: %s", th_message(r));
}

/* Stacks are kept in a pool once mapped, and Criterion runs every test in
 * a fresh process: each test below starts with an empty pool, so a run's
 * first mmap is its main thread's stack and the second its first worker's. */

Test(system_failures, no_memory_for_a_new_threads_stack_is_a_limit_verdict) {
  sim_program *p = th_build("basics_thread_exit_code.c", NULL);
  sim_result r;
  run_failing(p, 1, -1, &r);
  expect_limit(&r, "the system refused memory for the stack of a new thread");
  cr_expect_eq(r.verdict.tid, 1, "the thread that called CreateThread");
  sim_result_free(&r);
  /* The real calls again: the same program runs. */
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  sim_program_free(p);
}

Test(system_failures, no_memory_for_the_main_threads_stack_is_a_limit_verdict) {
  sim_program *p = th_build("basics_thread_exit_code.c", NULL);
  sim_result r;
  run_failing(p, 0, -1, &r);
  expect_limit(&r, "the system refused memory for the stack of the main thread");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(system_failures, a_stacks_guard_page_refused_is_a_limit_verdict) {
  sim_program *p = th_build("basics_thread_exit_code.c", NULL);
  sim_result r;
  run_failing(p, -1, 1, &r); /* the main thread's guard, then the worker's */
  expect_limit(&r, "the stack of a new thread");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(system_failures, protecting_an_unloaded_dll_refused_is_a_limit_verdict) {
  sim_program *p = th_build("unload_table_host.c", "table.dll=unload_table_dll.c", NULL);
  sim_result r;
  run_failing(p, -1, 1, &r); /* the main thread's guard page, then the unload */
  expect_limit(&r, "cannot protect the pages of table.dll after its unload");
  cr_expect_str_eq(th_stdout(&r), "before: 42\n", "the run ended at the unload");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(system_failures, giving_a_reloaded_dlls_pages_back_refused_is_a_limit_verdict) {
  sim_program *p = th_build("limits_reload_kept_host.c", "stale.dll=unload_stale_dll.c", NULL);
  sim_result r;
  run_failing(p, -1, 2, &r); /* guard page, unload, then the reload */
  expect_limit(&r, "cannot give the pages of stale.dll back to load it again");
  sim_result_free(&r);
  /* The image left protected is given back by the next run's load. */
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "after reload: 5\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(system_failures, every_refused_call_of_a_run_is_a_limit_verdict_never_a_crash) {
  sim_program *p = th_build("limits_reload_kept_host.c", "stale.dll=unload_stale_dll.c", NULL);
  int limits = 0;
  for (int n = 0;; n++) {
    sim_result r;
    run_failing(p, -1, n, &r);
    bool refused = mprotect_left == 0;
    if (!refused) {
      th_expect_verdict(&r, SIM_VERDICT_OK);
      sim_result_free(&r);
      break;
    }
    th_expect_verdict(&r, SIM_VERDICT_LIMIT);
    limits++;
    sim_result_free(&r);
    cr_assert_lt(n, 100, "a run of this program makes a handful of system calls");
  }
  cr_expect_geq(limits, 3, "guard page, unload and reload can each be refused");
}

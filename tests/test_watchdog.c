/* Specification of the watchdogs (sim/core/fault.c): a program that never
 * comes back to the simulator ends with a hang verdict, whether it spins
 * (the CPU watchdog) or blocks in a call the simulator cannot see (the
 * wall-clock watchdog), in whatever process the run happens, including a
 * forked exploration worker, and an interrupt never lands in the
 * simulator's own work.  The time limits on the tests only turn a missing
 * watchdog into a failure instead of a hung suite. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static void run_watched(sim_program *p, uint64_t cpu_ms, uint64_t wall_ms, sim_result *r) {
  sim_options o;
  sim_options_default(&o);
  o.cpu_ms_per_step_max = cpu_ms;
  o.wall_ms_per_step_max = wall_ms;
  th_run_with(p, &o, r);
}

Test(watchdog, a_program_blocked_outside_the_simulator_is_a_hang_on_wall_clock_time, .timeout = 120) {
  sim_program *p = th_build("watchdog_blocked.c", NULL);
  sim_result r;
  run_watched(p, 2000, 300, &r);
  th_expect_verdict(&r, SIM_VERDICT_HANG);
  cr_expect(strstr(th_message(&r), "thread 1 (main) did not come back to the simulator for more "
                                   "than 300 ms of wall-clock time"),
            "%s", th_message(&r));
  cr_expect(strstr(th_message(&r), "at block_forever+"), "%s", th_message(&r));
  sim_result_free(&r);
  /* The next run of the process is not disturbed by what the watchdog
   * sent for this one. */
  sim_program *q = th_build("cli_ok.c", NULL);
  th_run(q, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  sim_program_free(q);
  sim_program_free(p);
}

Test(watchdog, a_spin_inside_the_simulators_heap_ends_at_a_safe_point, .timeout = 120) {
  sim_program *p = th_build("watchdog_spin_malloc.c", NULL);
  for (int i = 0; i < 3; i++) {
    sim_result r;
    run_watched(p, 200, 0, &r);
    th_expect_verdict(&r, SIM_VERDICT_HANG);
    cr_expect(strstr(th_message(&r), "ran for more than 200 ms of CPU time"), "%s", th_message(&r));
    cr_expect(strstr(th_message(&r), "at main+"), "%s", th_message(&r));
    sim_result_free(&r);
  }
  /* The allocator is still usable: no interrupt left one of its locks held. */
  sim_program *q = th_build("heap_all_freed.c", NULL);
  sim_result r;
  th_run(q, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  sim_program_free(q);
  sim_program_free(p);
}

Test(watchdog, a_spin_inside_a_c_library_function_is_a_hang_naming_it, .timeout = 120) {
  sim_program *p = th_build("watchdog_spin_libc.c", NULL);
  sim_result r;
  run_watched(p, 200, 0, &r);
  th_expect_verdict(&r, SIM_VERDICT_HANG);
  cr_expect(strstr(th_message(&r), "ran for more than 200 ms of CPU time"), "%s", th_message(&r));
  /* Named by the library it spins in, or by the program's own code. */
  cr_expect(strstr(th_message(&r), ", at "), "%s", th_message(&r));
  cr_expect(!strstr(th_message(&r), "(the simulator)"), "%s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

/* Forks a child in a process group of its own, which dies with this test
 * (so does whatever it forks, killed by wait_child). */
static pid_t fork_child(void) {
  fflush(NULL);
  pid_t pid = fork();
  cr_assert(pid >= 0);
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
  }
  return pid;
}

/* What each thread of a child that did not end is doing: its state, CPU
 * ticks, and the system call it is in (from /proc), so that a failure says
 * whether the child spun without a watchdog or was stuck (a lock taken
 * across fork, say).  It was seen once, in the AddressSanitizer build on a
 * heavily loaded machine, and not in 95 runs after. */
static void describe_stuck_child(pid_t pid) {
  char dir[64];
  snprintf(dir, sizeof dir, "/proc/%d/task", (int)pid);
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    char path[512], stat[512] = "", call[256] = "";
    snprintf(path, sizeof path, "%s/%s/stat", dir, e->d_name);
    FILE *f = fopen(path, "r");
    if (f) {
      if (!fgets(stat, sizeof stat, f)) stat[0] = '\0';
      fclose(f);
    }
    snprintf(path, sizeof path, "%s/%s/syscall", dir, e->d_name);
    f = fopen(path, "r");
    if (f) {
      if (!fgets(call, sizeof call, f)) call[0] = '\0';
      fclose(f);
    }
    stat[strcspn(stat, "\n")] = '\0';
    call[strcspn(call, "\n")] = '\0';
    fprintf(stderr, "stuck child %d, thread %s: stat %s; syscall %s\n", (int)pid, e->d_name, stat, call);
  }
  closedir(d);
}

/* Waits for a child for up to limit_s seconds (a bound far above what the
 * watchdog needs, there only so that a missing watchdog fails the test
 * instead of hanging it); describes, kills its process group and returns
 * -1 past that. */
static int wait_child(pid_t pid, int limit_s) {
  for (int i = 0; i < limit_s * 10; i++) {
    int status;
    pid_t got = waitpid(pid, &status, WNOHANG);
    if (got == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    struct timespec nap = {0, 100 * 1000 * 1000};
    nanosleep(&nap, NULL);
  }
  describe_stuck_child(pid);
  kill(-pid, SIGKILL);
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  return -1;
}

Test(watchdog, a_forked_worker_has_a_cpu_watchdog_of_its_own, .timeout = 300) {
  sim_program *spin = th_build("verdict_spin.c", NULL);
  sim_program *ok = th_build("cli_ok.c", NULL);
  /* A run in this process first, as an exploration does before its
   * workers fork: the process's watchdog thread exists, and no child
   * inherits it. */
  sim_result r;
  th_run(ok, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  sim_result_free(&r);
  pid_t pid = fork_child();
  if (pid == 0) {
    sim_result mine;
    run_watched(spin, 200, 0, &mine);
    _exit(mine.verdict.kind == SIM_VERDICT_HANG ? 0 : 1);
  }
  int code = wait_child(pid, 120);
  cr_expect_eq(code, 0, "the worker %s", code < 0 ? "never ended: no watchdog in it" : "had another verdict");
  sim_program_free(ok);
  sim_program_free(spin);
}

Test(watchdog, explore_with_jobs_ends_a_spinning_program_in_every_worker, .timeout = 300) {
  sim_program *spin = th_build("verdict_spin.c", NULL);
  sim_program *ok = th_build("cli_ok.c", NULL);
  sim_result r;
  th_run(ok, &r);
  sim_result_free(&r);
  pid_t pid = fork_child();
  if (pid == 0) {
    sim_explore_options o;
    sim_explore_options_default(&o);
    o.strategy = SIM_STRATEGY_RANDOM;
    o.schedules_max = 4;
    o.jobs = 2;
    o.run.cpu_ms_per_step_max = 200;
    sim_explore_result e;
    struct strbuf err = {0};
    bool done = sim_explore(spin, &o, &e, &err);
    _exit(done && e.found && e.kind == SIM_VERDICT_HANG ? 0 : 1);
  }
  int code = wait_child(pid, 120);
  cr_expect_eq(code, 0, "the exploration %s", code < 0 ? "never ended" : "found no hang");
  sim_program_free(ok);
  sim_program_free(spin);
}

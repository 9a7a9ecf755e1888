/* Unit tests of the core layer: the arena, string buffers, and the fault
 * handler's rule that only the watchdog's signal for the run under way
 * ends a run. */
#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "harness.h"

/* ---- Arena ------------------------------------------------------------------ */

Test(arena, allocations_are_zeroed_aligned_and_apart) {
  struct arena a = {0};
  unsigned char *p = sim__arena_alloc(&a, 3), *q = sim__arena_alloc(&a, 40);
  cr_expect_eq((uintptr_t)p % 16, 0);
  cr_expect_eq((uintptr_t)q % 16, 0);
  cr_expect(q >= p + 16, "a 3-byte allocation takes a whole 16-byte slot");
  for (int i = 0; i < 40; i++) cr_expect_eq(q[i], 0);
  memset(p, 0xff, 3);
  cr_expect_eq(q[0], 0, "writing one allocation leaves the next alone");
  cr_expect_eq(a.used_total, 16 + 48);
  sim__arena_free(&a);
}

Test(arena, an_allocation_larger_than_a_chunk_gets_a_chunk_of_its_own) {
  struct arena a = {0};
  sim__arena_alloc(&a, 10);
  char *big = sim__arena_alloc(&a, 1 << 20);
  memset(big, 1, 1 << 20);
  char *after = sim__arena_alloc(&a, 10);
  cr_expect(after < big || after >= big + (1 << 20), "the next allocation is not inside the big one");
  sim__arena_free(&a);
}

Test(arena, reset_forgets_everything_and_reuses_the_newest_chunk) {
  struct arena a = {0};
  for (int i = 0; i < 100; i++) sim__arena_alloc(&a, 4096);
  struct arena_chunk *newest = a.chunks;
  sim__arena_reset(&a);
  cr_expect_eq(a.used_total, 0);
  cr_expect_eq(a.chunks, newest);
  unsigned char *p = sim__arena_alloc(&a, 64);
  for (int i = 0; i < 64; i++) cr_expect_eq(p[i], 0, "memory handed out again is zeroed");
  sim__arena_free(&a);
  cr_expect_null(a.chunks);
}

static char *arena_printf(struct arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = sim__arena_vprintf(a, fmt, ap);
  va_end(ap);
  return s;
}

Test(arena, strdup_and_printf_copy_into_the_arena) {
  struct arena a = {0};
  char text[] = "driver.dll";
  char *copy = sim__arena_strdup(&a, text);
  text[0] = 'X';
  cr_expect_str_eq(copy, "driver.dll");
  cr_expect_str_eq(arena_printf(&a, "%s#%d", "event", 3), "event#3");
  char long_text[3000];
  memset(long_text, 'a', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = '\0';
  cr_expect_str_eq(arena_printf(&a, "<%s>", long_text) + 1 + 2998, "a>");
  sim__arena_free(&a);
}

/* ---- String buffers ------------------------------------------------------------ */

Test(strbuf, appends_grow_and_stay_terminated) {
  struct strbuf b = {0};
  cr_expect_str_eq(strbuf_str(&b), "", "an empty buffer reads as \"\"");
  for (int i = 0; i < 1000; i++) strbuf_printf(&b, "%d,", i % 10);
  cr_expect_eq(b.len, 2000);
  cr_expect_eq(strlen(b.data), 2000);
  cr_expect(b.cap > b.len);
  strbuf_append(&b, "x\0y", 3);
  cr_expect_eq(b.len, 2003, "append copies embedded NULs too");
  strbuf_reset(&b);
  cr_expect_str_eq(strbuf_str(&b), "");
  strbuf_free(&b);
  cr_expect_null(b.data);
}

Test(strbuf, take_hands_over_the_text_and_empties_the_buffer) {
  struct strbuf b = {0};
  char *none = strbuf_take(&b);
  cr_expect_str_eq(none, "", "taking an empty buffer gives \"\", never NULL");
  free(none);
  strbuf_puts(&b, "verdict");
  char *s = strbuf_take(&b);
  cr_expect_str_eq(s, "verdict");
  cr_expect_eq(b.len, 0);
  cr_expect_null(b.data);
  free(s);
}

Test(strbuf, json_strings_escape_what_json_requires) {
  struct strbuf b = {0};
  strbuf_json_string(&b, "a\"b\\c\nd\re\tf\x01g");
  cr_expect_str_eq(strbuf_str(&b), "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\"");
  strbuf_reset(&b);
  strbuf_json_string(&b, NULL);
  cr_expect_str_eq(strbuf_str(&b), "\"\"");
  strbuf_free(&b);
}

/* ---- Watchdog signals ----------------------------------------------------------- */

static sigjmp_buf jump;
static volatile int stage;

static bool everything_is_program(const void *pc) {
  (void)pc;
  return true;
}

static void send_for_run(int serial) {
  pthread_sigqueue(pthread_self(), SIGALRM, (union sigval){.sival_int = serial});
}

Test(fault, only_the_watchdog_signal_for_the_run_under_way_ends_it) {
  sim_fault_arming arming = {.jmp = &jump, .cpu_ms_max = 600000, .in_program = everything_is_program};
  cr_assert(sim__fault_arm(&arming));
  int earlier = sim__fault_run_serial();
  sim__fault_disarm();
  cr_assert(sim__fault_arm(&arming));
  cr_assert_neq(sim__fault_run_serial(), earlier, "every run has its own serial number");
  stage = 0;
  if (sigsetjmp(jump, 1) == 0) {
    stage = 1;
    send_for_run(earlier); /* sent as the earlier run ended */
    stage = 2;
    raise(SIGALRM); /* not the watchdog's at all */
    stage = 3;
    send_for_run(sim__fault_run_serial());
    stage = 4;
  }
  sim__fault_disarm();
  cr_expect_eq(stage, 3, "the run ended at stage %d (3: by the signal meant for it)", stage);
  cr_expect_eq(sim__fault_last()->signal, SIGALRM);
}

Test(fault, a_watchdog_signal_after_the_run_ended_is_ignored) {
  sim_fault_arming arming = {.jmp = &jump, .cpu_ms_max = 600000, .in_program = everything_is_program};
  cr_assert(sim__fault_arm(&arming));
  int serial = sim__fault_run_serial();
  sim__fault_disarm();
  stage = 0;
  if (sigsetjmp(jump, 1) == 0) {
    /* Twice: the first must not leave SIGALRM's default action (ending
     * the process) for the second. */
    send_for_run(serial);
    raise(SIGALRM);
    stage = 1;
  }
  cr_expect_eq(stage, 1, "no jump after the run ended");
}

Test(fault, an_interrupt_inside_the_simulator_waits_for_a_safe_point) {
  sim_fault_arming arming = {.jmp = &jump, .cpu_ms_max = 600000, .in_program = NULL};
  cr_assert(sim__fault_arm(&arming));
  stage = 0;
  if (sigsetjmp(jump, 1) == 0) {
    /* This test's code is the simulator's own (it is linked with it). */
    send_for_run(sim__fault_run_serial());
    stage = 1;
  }
  cr_expect_eq(stage, 1, "no jump out of the simulator's own code");
  cr_expect(sim__fault_interrupt_is_pending());
  sim_fault f;
  cr_expect(sim__fault_take_pending(&f));
  cr_expect_eq(f.signal, SIGALRM);
  cr_expect_not(sim__fault_interrupt_is_pending(), "taken once");
  sim__fault_disarm();
}

/* The calling thread's CPU time in ms. */
static int64_t thread_cpu_ms(void) {
  struct timespec t;
  int got = clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  cr_assert_eq(got, 0, "no CPU clock for this thread");
  return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Spins until the watchdog has asked for an interrupt or the thread has
 * used ms of CPU time; returns whether it asked. */
static bool spin_until_interrupt(int64_t ms) {
  int64_t until = thread_cpu_ms() + ms;
  while (thread_cpu_ms() < until)
    if (sim__fault_interrupt_is_pending()) return true;
  return sim__fault_interrupt_is_pending();
}

Test(fault, a_step_that_uses_too_much_cpu_time_is_interrupted) {
  /* The other half of the_simulators_own_work_is_no_steps: the same spin
   * without the mark ends the step.  Measured in CPU time, so a busy
   * machine only makes it take longer. */
  sim_fault_arming arming = {.jmp = &jump, .cpu_ms_max = 200, .in_program = NULL};
  cr_assert(sim__fault_arm(&arming));
  cr_expect(spin_until_interrupt(20000), "no interrupt after 20 s of CPU time in one step");
  sim__fault_disarm();
}

Test(fault, the_simulators_own_work_is_no_steps) {
  /* The state cache grows its tables inside a step; with millions of
   * entries that took more than the watchdog's 2 s, and a correct run
   * ended as a hang. */
  sim_fault_arming arming = {.jmp = &jump, .cpu_ms_max = 200, .in_program = NULL};
  cr_assert(sim__fault_arm(&arming));
  sim__fault_own_work_begin();
  bool asked = spin_until_interrupt(1000);
  sim__fault_own_work_end();
  asked = asked || sim__fault_interrupt_is_pending();
  sim__fault_disarm();
  cr_expect_not(asked, "the watchdog counted the simulator's own work (1 s of CPU) against the step");
}

/* ---- The watchdog thread ------------------------------------------------------ */

/* How many of this process's threads carry the watchdog's name, which the
 * watchdog gives itself as the first thing it does in its own code. */
static int watchdog_threads(void) {
  DIR *tasks = opendir("/proc/self/task");
  cr_assert(tasks, "cannot list /proc/self/task");
  int found = 0;
  struct dirent *e;
  while ((e = readdir(tasks))) {
    if (e->d_name[0] == '.') continue;
    char path[300], name[32] = "";
    snprintf(path, sizeof path, "/proc/self/task/%s/comm", e->d_name);
    FILE *f = fopen(path, "r");
    if (!f) continue; /* a thread that ended meanwhile */
    if (fgets(name, sizeof name, f)) name[strcspn(name, "\n")] = '\0';
    fclose(f);
    if (!strcmp(name, SIM_WATCHDOG_THREAD_NAME)) found++;
  }
  closedir(tasks);
  return found;
}

/* A fork while the watchdog is still on its way in (inside the C library's
 * or a sanitizer's thread set-up, holding their locks) leaves the child
 * those locks held for good; so installing returns only once the watchdog
 * runs its own code.  Checked at once, with no wait that would let a slow
 * start catch up. */
Test(fault, the_watchdog_runs_its_own_code_by_the_time_install_returns) {
  sim__fault_install();
  cr_expect_eq(watchdog_threads(), 1);
}

/* The same in a forked worker, which has no thread but the one that forked:
 * its first arming starts a watchdog of its own, running by the time the
 * arming returns.  The child exits 0 when it is so, 1 when it inherited a
 * watchdog thread (threads do not survive fork: that would be a bug of the
 * test's premise), 2 when it has none after arming, 3 when arming failed. */
static int child_gets_its_own_watchdog(void) {
  if (watchdog_threads() != 0) return 1;
  sim_fault_arming arming = {.jmp = &jump, .cpu_ms_max = 600000, .in_program = everything_is_program};
  if (!sim__fault_arm(&arming)) return 3;
  sim__fault_disarm();
  return watchdog_threads() == 1 ? 0 : 2;
}

/* Forks; the child runs check() and exits with its result, or, for a second
 * generation, forks again and exits with its own child's status. */
static int status_of_child(int generations) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int code = child_gets_its_own_watchdog();
    if (code == 0 && generations > 1) code = status_of_child(generations - 1);
    _exit(code);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + status;
}

Test(fault, a_forked_worker_and_its_own_worker_each_get_a_running_watchdog_once_armed) {
  sim__fault_install();
  int code = status_of_child(2);
  cr_expect_eq(code, 0, "the child exited %d (1: it inherited a watchdog, 2: none after arming, 3: arming failed)",
               code);
}

/* loaderlab on a terminal: the colour swimlane of replay (plain text when
 * the output is not a terminal, no colour with NO_COLOR, 80 columns for up
 * to four threads), the explore progress line and Ctrl-C, long traces
 * summarised, and end-of-run reports that fit a screen.
 *
 * A terminal is a pseudo-terminal of 80 x 24 opened by the test.  Nothing
 * here asserts a duration: a test that needs a search longer than a second
 * waits for the progress line to appear before it presses Ctrl-C. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>

#include "cli_helpers.h"

#define RACE "1.72.e800d006.72t4a76r"

/* Visible characters of a line: UTF-8 code points outside escape sequences. */
static int visible_width(const char *line, size_t len) {
  int n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)line[i];
    if (c == 0x1b) {
      while (i < len && !((line[i] >= 'A' && line[i] <= 'Z') || (line[i] >= 'a' && line[i] <= 'z'))) i++;
      continue;
    }
    if ((c & 0xC0) != 0x80) n++;
  }
  return n;
}

/* The widest line of text up to its first empty line (the lanes). */
static int widest_lane_line(const char *text) {
  int widest = 0;
  for (const char *p = text; *p && *p != '\n';) {
    size_t n = strcspn(p, "\n");
    int w = visible_width(p, n);
    if (w > widest) widest = w;
    p += n + (p[n] == '\n');
  }
  return widest;
}

static int count_lines(const char *text) {
  int n = 0;
  for (const char *p = text; *p; p++) n += *p == '\n';
  return n;
}

/* ---- A pseudo-terminal ------------------------------------------------------------ */

typedef struct pty_run {
  pid_t pid;
  int master;
  struct strbuf out;
} pty_run;

static void pty_start(pty_run *r, char *const argv[], const char *const *env) {
  memset(r, 0, sizeof *r);
  r->master = posix_openpt(O_RDWR | O_NOCTTY);
  cr_assert(r->master >= 0 && grantpt(r->master) == 0 && unlockpt(r->master) == 0, "no pseudo-terminal");
  char *slave_name = strdup(ptsname(r->master));
  struct winsize ws = {.ws_row = 24, .ws_col = 80};
  r->pid = fork();
  cr_assert(r->pid >= 0);
  if (r->pid == 0) {
    setsid();
    int slave = open(slave_name, O_RDWR);
    if (slave < 0) _exit(127);
    ioctl(slave, TIOCSCTTY, 0);
    ioctl(slave, TIOCSWINSZ, &ws);
    dup2(slave, 0);
    dup2(slave, 1);
    dup2(slave, 2);
    if (slave > 2) close(slave);
    for (const char *const *e = env; e && *e; e++) putenv((char *)*e);
    execv(argv[0], argv);
    _exit(127);
  }
  free(slave_name);
}

/* Reads what the terminal shows until `marker` appears (or the program
 * ends, or two minutes pass); returns whether it appeared. */
static bool pty_wait_for(pty_run *r, const char *marker) {
  for (int waited = 0; waited < 1200;) {
    if (marker && r->out.len && strstr(strbuf_str(&r->out), marker)) return true;
    struct pollfd p = {r->master, POLLIN, 0};
    int n = poll(&p, 1, 100);
    if (n == 0) {
      waited++;
      continue;
    }
    char buf[4096];
    ssize_t got = read(r->master, buf, sizeof buf);
    if (got <= 0) return marker ? strstr(strbuf_str(&r->out), marker) != NULL : true;
    strbuf_append(&r->out, buf, (size_t)got);
  }
  return false;
}

static int pty_finish(pty_run *r) {
  pty_wait_for(r, NULL);
  int status;
  waitpid(r->pid, &status, 0);
  close(r->master);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void loaderlab_pty(pty_run *r, const char *const *env, const char *a1, const char *a2, const char *a3,
                          const char *a4, const char *a5, const char *a6, const char *a7, const char *a8) {
  char *argv[] = {(char *)loaderlab_path(), (char *)a1, (char *)a2, (char *)a3, (char *)a4,
                  (char *)a5, (char *)a6, (char *)a7, (char *)a8, NULL};
  pty_start(r, argv, env);
}

static char *program(const char *name) {
  char *p;
  cr_assert(asprintf(&p, "%s/programs/%s", TESTS_DIR, name) > 0);
  return p;
}

/* ---- replay's swimlanes ------------------------------------------------------------- */

Test(terminal, the_swimlane_of_four_threads_fits_80_columns) {
  cli_result r;
  loaderlab(&r, "replay", "--schedule", RACE, "--trace", "lanes", "--color", "never", NULL);
  expect_status(r, 1);
  cr_expect(strncmp(r.out, " step  L thread 1 (main)", 24) == 0, "%s", r.out);
  cr_expect(strstr(r.out, "thread 4"), "a lane for each of the four threads");
  cr_expect(!strstr(r.out, "thread 5"), "threads that never ran have no lane");
  cr_expect_leq(widest_lane_line(r.out), 80, "a lane line is wider than 80 columns:\n%s", r.out);
  cr_expect(strstr(r.out, "** access violation: thread 4"), "the verdict spans the lanes");
  cr_expect(strstr(r.out, "-- thread 1 (main): driver.dll unmapped"), "the unload spans the lanes");
  cr_expect(strstr(r.out, "\xe2\x80\x96"), "blocked threads show a bar");
  cr_expect(!strchr(r.out, '\033'), "--color never: no colour");
  cli_free(&r);
  loaderlab(&r, "replay", "--schedule", RACE, "--trace", "lanes", "--color", "always", NULL);
  cr_expect(strstr(r.out, "\033[1;31m** access violation"), "--color always: the verdict in red");
  cr_expect_leq(widest_lane_line(r.out), 80, "colour does not change the width");
  cli_free(&r);
}

Test(terminal, replay_on_a_terminal_draws_colour_lanes_and_honours_no_color) {
  pty_run r;
  loaderlab_pty(&r, NULL, "replay", "--schedule", RACE, NULL, NULL, NULL, NULL, NULL);
  int status = pty_finish(&r);
  cr_expect_eq(status, 1);
  cr_expect(strstr(strbuf_str(&r.out), " step  L "), "lanes on a terminal:\n%s", strbuf_str(&r.out));
  cr_expect(strstr(strbuf_str(&r.out), "\033["), "in colour");
  strbuf_free(&r.out);

  const char *env[] = {"NO_COLOR=1", NULL};
  loaderlab_pty(&r, env, "replay", "--schedule", RACE, NULL, NULL, NULL, NULL, NULL);
  status = pty_finish(&r);
  cr_expect_eq(status, 1);
  cr_expect(strstr(strbuf_str(&r.out), " step  L "), "still lanes");
  cr_expect(!strchr(strbuf_str(&r.out), '\033'), "NO_COLOR: no colour");
  strbuf_free(&r.out);
}

Test(terminal, replay_into_a_pipe_prints_the_plain_text_trace) {
  cli_result r;
  loaderlab(&r, "replay", "--schedule", RACE, NULL);
  expect_status(r, 1);
  cr_expect(strncmp(r.out, " step  thread               what\n", 33) == 0, "%s", r.out);
  cr_expect(!strchr(r.out, '\033'));
  cli_free(&r);
}

/* ---- explore's progress and Ctrl-C -------------------------------------------------------- */

Test(terminal, explore_shows_progress_on_a_terminal_and_a_summary_on_ctrl_c) {
  pty_run r;
  loaderlab_pty(&r, NULL, "explore", "--all", "--schedules", "100000000", NULL, NULL, NULL, NULL);
  cr_assert(pty_wait_for(&r, "/s, "), "no progress line:\n%s", strbuf_str(&r.out));
  cr_expect(strstr(strbuf_str(&r.out), "; Ctrl-C stops"), "%s", strbuf_str(&r.out));
  cr_expect(strstr(strbuf_str(&r.out), "% of 100000000"), "how much of the budget:\n%s", strbuf_str(&r.out));
  kill(r.pid, SIGINT);
  int status = pty_finish(&r);
  const char *out = strbuf_str(&r.out);
  cr_expect_eq(status, 1, "a bug was found before Ctrl-C:\n%s", out);
  cr_expect(strstr(out, "interrupted (Ctrl-C) after "), "%s", out);
  cr_expect(strstr(out, "the most severe bug found before Ctrl-C"), "%s", out);
  cr_expect(strstr(out, "verdicts of "), "%s", out);
  cr_expect(strstr(out, "replay it step by step with:"), "%s", out);
  strbuf_free(&r.out);
}

Test(terminal, explore_says_nothing_extra_when_not_on_a_terminal) {
  cli_result r;
  loaderlab(&r, "explore", "--host", "@interlocked_atomic.c", "--schedules", "100000000", "--time-limit", "1.5", NULL);
  expect_status(r, 0);
  cr_expect(!strchr(r.err, '\r') && !strstr(r.err, "/s, "), "no progress line in a pipe: %s", r.err);
  cr_expect_str_eq(r.err, "");
  cli_free(&r);
}

Test(terminal, ctrl_c_without_a_bug_prints_the_partial_summary_and_exits_130) {
  /* Not a terminal: stdout is a pipe the test reads. */
  int out[2];
  cr_assert(pipe(out) == 0);
  char *host = program("interlocked_atomic.c");
  pid_t pid = fork();
  cr_assert(pid >= 0);
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    execl(loaderlab_path(), loaderlab_path(), "explore", "--host", host, "--schedules", "100000000", (char *)NULL);
    _exit(127);
  }
  close(out[1]);
  struct strbuf text = {0};
  char buf[4096];
  ssize_t n;
  while (!strstr(strbuf_str(&text), "exploring ") && (n = read(out[0], buf, sizeof buf)) > 0) strbuf_append(&text, buf, (size_t)n);
  kill(pid, SIGINT);
  while ((n = read(out[0], buf, sizeof buf)) > 0) strbuf_append(&text, buf, (size_t)n);
  int status;
  waitpid(pid, &status, 0);
  cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 130, "status %d:\n%s", status, strbuf_str(&text));
  cr_expect(strstr(strbuf_str(&text), "interrupted (Ctrl-C) after "), "%s", strbuf_str(&text));
  cr_expect(strstr(strbuf_str(&text), "no bug found so far"), "%s", strbuf_str(&text));
  cr_expect(strstr(strbuf_str(&text), "verdicts of "), "%s", strbuf_str(&text));
  strbuf_free(&text);
  close(out[0]);
  free(host);
}

/* ---- Long traces and big reports -------------------------------------------------------------- */

Test(terminal, a_long_trace_keeps_the_steps_that_matter_and_full_shows_all) {
  cli_result r, replay, full;
  loaderlab(&r, "run", "--host", "@cli_many_blocked.c", NULL);
  expect_status(r, 1);
  char *command = line_after(r.err, "to see every step:\n");
  run_printed_command(command, &replay);
  expect_status(replay, 1);
  cr_expect_lt(count_lines(replay.out), 220, "the summary is long: %d lines", count_lines(replay.out));
  cr_expect(strstr(replay.out, " left out: --full shows every step"), "%.2000s", replay.out);
  cr_expect(strstr(replay.out, "** deadlock: every thread is blocked"), "the verdict is kept");
  cr_expect(strstr(replay.out, "    1  thread 1 (main)      -- starts at main"), "the first steps are kept");
  char *with_full;
  cr_assert(asprintf(&with_full, "%s --full", command) > 0);
  run_printed_command(with_full, &full);
  cr_expect_gt(count_lines(full.out), 3000, "--full shows every step");
  cr_expect(!strstr(full.out, "left out"));
  free(with_full);
  cli_free(&full);
  cli_free(&replay);
  free(command);
  cli_free(&r);
}

Test(terminal, the_report_of_a_thousand_threads_and_handles_fits_a_screen) {
  cli_result r;
  loaderlab(&r, "run", "--host", "@cli_many_threads.c", NULL);
  expect_status(r, 0);
  cr_expect_leq(count_lines(r.err), 24, "the report is %d lines:\n%s", count_lines(r.err), r.err);
  cr_expect(strstr(r.err, "threads still running at exit (terminated): 1000\n  1000 threads started at sleeper (host.exe): 2, 3, 4, 5, ..., 1001"),
            "%s", r.err);
  cr_expect(strstr(r.err, "handles open at exit: 2000"), "%s", r.err);
  cr_expect(strstr(r.err, "1000 event handles (0x4, "), "%s", r.err);
  cli_free(&r);
  loaderlab(&r, "run", "--host", "@cli_many_blocked.c", NULL);
  expect_status(r, 1);
  cr_expect_leq(count_lines(r.err), 24, "the deadlock report is %d lines:\n%s", count_lines(r.err), r.err);
  cr_expect(strstr(r.err, "1000 threads (2, 3, 4, ...), each waits for event#1 in WaitForSingleObject"), "%s", r.err);
  cli_free(&r);
}

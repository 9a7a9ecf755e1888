/* Worker processes, seen from the grader.
 *
 * A worker is the loaderlab executable started afresh (fork, then exec),
 * so it holds nothing of the grader's memory: not the hidden manifest, not
 * other students' results.  It runs in its own session and process group
 * with no controlling terminal; its stdin carries its task, its stdout
 * and stderr go to /dev/null (so nothing it prints can reach a report),
 * and descriptor 3 is the one channel it reports on.
 *
 * The grader enforces the wall clock: past its deadline a worker's whole
 * process group is killed.  Everything a worker sends is read as it comes
 * (a worker blocked on a full pipe must not look like a hang) up to a
 * limit, beyond which it is killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "grade_internal.h"

double grade_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

const char *grade_self_exe(void) {
  static char path[PATH_MAX];
  if (!path[0]) {
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) snprintf(path, sizeof path, "/proc/self/exe");
    else path[n] = '\0';
  }
  return path;
}

static void make_nonce(char out[33]) {
  unsigned char raw[16];
  size_t got = 0;
  while (got < sizeof raw) {
    ssize_t n = getrandom(raw + got, sizeof raw - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) abort(); /* no randomness: nothing about the channel can be trusted */
    got += (size_t)n;
  }
  for (int i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", raw[i]);
}

static void close_from(int lowest) {
  long max = sysconf(_SC_OPEN_MAX);
  if (max < 0 || max > 65536) max = 65536;
  for (int fd = lowest; fd < max; fd++) close(fd);
}

bool grade_worker_start(grade_worker *w, const char *task, double time_limit_s, struct strbuf *err) {
  memset(w, 0, sizeof *w);
  w->result_fd = -1;
  make_nonce(w->nonce);
  struct strbuf full = {0};
  strbuf_printf(&full, "nonce %s\n%s", w->nonce, task);
  int task_pipe[2], result_pipe[2];
  if (pipe2(task_pipe, O_CLOEXEC) != 0) {
    strbuf_printf(err, "cannot start a worker: %s", strerror(errno));
    strbuf_free(&full);
    return false;
  }
  if (pipe2(result_pipe, O_CLOEXEC) != 0) {
    strbuf_printf(err, "cannot start a worker: %s", strerror(errno));
    close(task_pipe[0]);
    close(task_pipe[1]);
    strbuf_free(&full);
    return false;
  }
  const char *self = grade_self_exe();
  /* The grader's pid in the worker's command line: `ps` shows whose worker
   * it is, and the tests check that none outlives its grader. */
  char parent[32];
  snprintf(parent, sizeof parent, "%d", (int)getpid());
  bool debug = getenv("LOADERLAB_GRADE_DEBUG") != NULL;
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    strbuf_printf(err, "cannot start a worker: %s", strerror(errno));
    close(task_pipe[0]);
    close(task_pipe[1]);
    close(result_pipe[0]);
    close(result_pipe[1]);
    strbuf_free(&full);
    return false;
  }
  if (pid == 0) {
    /* Its own session: no terminal to inject input into, and one process
     * group to kill. */
    setsid();
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null < 0 || dup2(task_pipe[0], 0) < 0 || dup2(null, 1) < 0 ||
        (!debug && dup2(null, 2) < 0) || dup2(result_pipe[1], GRADE_RESULT_FD) < 0)
      _exit(126);
    close_from(GRADE_RESULT_FD + 1);
    signal(SIGPIPE, SIG_DFL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    char *argv[] = {"loaderlab", "grade-worker", parent, NULL};
    execv(self, argv);
    _exit(127);
  }
  close(task_pipe[0]);
  close(result_pipe[1]);
  /* The worker reads its whole task first, so this does not block for
   * long; a worker that died early gives EPIPE (SIGPIPE is ignored). */
  grade_write_all(task_pipe[1], full.data, full.len);
  close(task_pipe[1]);
  strbuf_free(&full);
  fcntl(result_pipe[0], F_SETFL, O_NONBLOCK);
  w->pid = pid;
  w->result_fd = result_pipe[0];
  w->started = grade_now();
  w->deadline = w->started + time_limit_s;
  return true;
}

void grade_worker_kill(grade_worker *w) {
  if (w->done) return;
  kill(-w->pid, SIGKILL);
  kill(w->pid, SIGKILL);
  while (waitpid(w->pid, &w->status, 0) < 0 && errno == EINTR) {}
  if (w->result_fd >= 0) close(w->result_fd);
  w->result_fd = -1;
  w->done = true;
}

/* Reads what is there; false at end of file. */
static bool drain(grade_worker *w) {
  char buf[65536];
  for (;;) {
    ssize_t n = read(w->result_fd, buf, sizeof buf);
    if (n > 0) {
      if (w->received.len + (size_t)n > GRADE_RECORD_BYTES_MAX) {
        w->overflow = true;
        return false;
      }
      strbuf_append(&w->received, buf, (size_t)n);
      continue;
    }
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return true; /* EAGAIN: nothing more for now */
  }
}

int grade_workers_wait(grade_worker **running, int n) {
  for (;;) {
    int live = 0;
    double now = grade_now();
    /* Deadlines first: past one, the process group goes. */
    for (int i = 0; i < n; i++) {
      grade_worker *w = running[i];
      if (!w || w->done) continue;
      live++;
      if (now >= w->deadline) {
        w->killed_for_time = true;
        grade_worker_kill(w);
        return i;
      }
    }
    if (!live) return -1;
    /* Workers whose channel closed: reaped as soon as they exit. */
    bool waiting_exit = false;
    for (int i = 0; i < n; i++) {
      grade_worker *w = running[i];
      if (!w || w->done || w->result_fd >= 0) continue;
      pid_t r = waitpid(w->pid, &w->status, WNOHANG);
      if (r == w->pid) {
        /* The worker is gone; a descendant it left behind is not. */
        kill(-w->pid, SIGKILL);
        w->done = true;
        return i;
      }
      waiting_exit = true;
    }
    struct pollfd fds[GRADE_JOBS_MAX];
    int map[GRADE_JOBS_MAX], nf = 0;
    double soonest = 1e9;
    for (int i = 0; i < n; i++) {
      grade_worker *w = running[i];
      if (!w || w->done) continue;
      if (w->deadline - now < soonest) soonest = w->deadline - now;
      if (w->result_fd < 0 || nf == GRADE_JOBS_MAX) continue;
      fds[nf].fd = w->result_fd;
      fds[nf].events = POLLIN;
      map[nf++] = i;
    }
    int timeout_ms = (int)(soonest * 1000) + 1;
    if (waiting_exit && timeout_ms > 10) timeout_ms = 10;
    if (timeout_ms < 0) timeout_ms = 0;
    int r = poll(fds, (nfds_t)nf, timeout_ms);
    if (r < 0 && errno != EINTR) return -1;
    for (int k = 0; r > 0 && k < nf; k++) {
      if (!fds[k].revents) continue;
      grade_worker *w = running[map[k]];
      if (!drain(w)) {
        close(w->result_fd);
        w->result_fd = -1;
        if (w->overflow) {
          grade_worker_kill(w);
          return map[k];
        }
      }
    }
  }
}

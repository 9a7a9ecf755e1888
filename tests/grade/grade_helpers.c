/* Helpers of the grader's suites (see grade_helpers.h). */
#include "grade_helpers.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

char *test_dir(const char *stem) {
  char *path;
  if (asprintf(&path, "%s/grade-tests/%s.XXXXXX", GRADE_BUILD_DIR, stem) < 0) abort();
  char parent[PATH_MAX];
  snprintf(parent, sizeof parent, "%s/grade-tests", GRADE_BUILD_DIR);
  mkdir(parent, 0711);
  cr_assert(mkdtemp(path), "cannot create a test folder: %s", strerror(errno));
  /* Workers run as nobody when the tests run as root: they must be able to
   * pass through, though not to list. */
  chmod(path, 0711);
  return path;
}

char *test_file(const char *dir, const char *name, const char *data, size_t len) {
  char *path;
  if (asprintf(&path, "%s/%s", dir, name) < 0) abort();
  FILE *f = fopen(path, "w");
  cr_assert(f, "cannot write %s", path);
  cr_assert_eq(fwrite(data, 1, len, f), len);
  fclose(f);
  chmod(path, 0644);
  return path;
}

char *fixture(const char *relative) {
  char *path;
  if (asprintf(&path, "%s/%s", GRADE_TESTS_DIR, relative) < 0) abort();
  return path;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Processes the grader `pid` started and left behind: workers carry their
 * grader's pid in their command line ("grade-worker" "PID"). */
static int leftover_workers(pid_t pid) {
  char want[64];
  int wn = snprintf(want, sizeof want, "grade-worker%c%d", '\0', (int)pid);
  DIR *d = opendir("/proc");
  int found = 0;
  struct dirent *e;
  while (d && (e = readdir(d))) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    char path[300], buf[4096];
    snprintf(path, sizeof path, "/proc/%s/cmdline", e->d_name);
    int fd = open(path, O_RDONLY);
    if (fd < 0) continue;
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    for (ssize_t i = 0; n > wn && i + wn <= n; i++)
      if (memcmp(buf + i, want, (size_t)wn) == 0 && (i + wn == n || buf[i + wn] == '\0')) {
        found++;
        break;
      }
  }
  if (d) closedir(d);
  return found;
}

static run_result run(const char *tmpdir, double timeout_s, const char *const *argv, const char *const *extra_env,
                      pid_t *child);

run_result run_loaderlab(const char *tmpdir, double timeout_s, const char *const *args) {
  const char *argv[64];
  int n = 0;
  argv[n++] = LOADERLAB_BIN;
  for (; args[n - 1] && n < 63; n++) argv[n] = args[n - 1];
  argv[n] = NULL;
  pid_t pid;
  run_result r = run(tmpdir, timeout_s, argv, NULL, &pid);
  cr_assert_eq(leftover_workers(pid), 0, "the grader left worker processes behind");
  return r;
}

run_result run_program(const char *tmpdir, double timeout_s, const char *const *argv, const char *const *env) {
  pid_t pid;
  return run(tmpdir, timeout_s, argv, env, &pid);
}

static run_result run(const char *tmpdir, double timeout_s, const char *const *argv, const char *const *extra_env,
                      pid_t *child) {
  int out[2], err[2];
  cr_assert(pipe(out) == 0 && pipe(err) == 0);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  posix_spawn_file_actions_addclose(&fa, err[0]);
  /* The environment, with TMPDIR pointing into the test's own folder. */
  char *env[256];
  int ne = 0;
  char tmp_env[PATH_MAX + 8];
  snprintf(tmp_env, sizeof tmp_env, "TMPDIR=%s", tmpdir);
  for (char **e = environ; *e && ne < 240; e++)
    if (strncmp(*e, "TMPDIR=", 7) != 0) env[ne++] = *e;
  env[ne++] = tmp_env;
  for (int i = 0; extra_env && extra_env[i] && ne < 254; i++) env[ne++] = (char *)extra_env[i];
  env[ne] = NULL;
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &fa, NULL, (char *const *)argv, env);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  cr_assert_eq(rc, 0, "cannot run %s: %s", argv[0], strerror(rc));
  *child = pid;
  run_result r = {0};
  size_t out_cap = 0, err_cap = 0, err_len = 0;
  struct pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  double deadline = now() + timeout_s;
  int open_fds = 2;
  while (open_fds) {
    int ms = (int)((deadline - now()) * 1000);
    if (ms <= 0) {
      kill(pid, SIGKILL);
      cr_assert_fail("%s %s did not finish within %.0f s", argv[0], argv[1] ? argv[1] : "", timeout_s);
    }
    if (poll(fds, 2, ms) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; i++) {
      if (fds[i].fd < 0 || !fds[i].revents) continue;
      char buf[65536];
      ssize_t k = read(fds[i].fd, buf, sizeof buf);
      if (k <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        open_fds--;
        continue;
      }
      char **dst = i == 0 ? &r.out : &r.err;
      size_t *len = i == 0 ? &r.out_len : &err_len, *cap = i == 0 ? &out_cap : &err_cap;
      if (*len + (size_t)k + 1 > *cap) {
        *cap = (*len + (size_t)k + 1) * 2;
        *dst = realloc(*dst, *cap);
      }
      memcpy(*dst + *len, buf, (size_t)k);
      *len += (size_t)k;
      (*dst)[*len] = '\0';
    }
  }
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  if (!r.out) r.out = strdup("");
  if (!r.err) r.err = strdup("");
  return r;
}

void run_result_free(run_result *r) {
  free(r->out);
  free(r->err);
}

jval *grade_json(const char *tmpdir, const char *exercise, const char *submission, const char *const *extra) {
  const char *args[32] = {"grade", exercise, submission, "--format", "json"};
  int n = 5;
  for (int i = 0; extra && extra[i] && n < 30; i++) args[n++] = extra[i];
  args[n] = NULL;
  run_result r = run_loaderlab(tmpdir, 240, args);
  cr_assert_eq(r.status, 0, "loaderlab grade %s exited with %d:\n%s", submission, r.status, r.err);
  char err[200];
  jval *v = json_parse(r.out, r.out_len, err, sizeof err);
  cr_assert(v, "the json report does not parse: %s\n%s", err, r.out);
  run_result_free(&r);
  return v;
}

const jval *scenario_of(const jval *report, const char *name) {
  const jval *list = json_get(report, "scenarios");
  for (int i = 0; list && i < list->n_items; i++) {
    const jval *n = json_get(list->items[i], "name");
    if (n && n->t == J_STR && strcmp(n->s, name) == 0) return list->items[i];
  }
  cr_assert_fail("no scenario %s in the report", name);
  return NULL;
}

char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  cr_assert(f, "cannot read %s", path);
  char *buf = NULL;
  size_t cap = 0, n = 0, k;
  char chunk[4096];
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (n + k + 1 > cap) buf = realloc(buf, cap = (n + k + 1) * 2);
    memcpy(buf + n, chunk, k);
    n += k;
  }
  fclose(f);
  if (!buf) buf = calloc(1, 1);
  buf[n] = '\0';
  if (len) *len = n;
  return buf;
}

char *private_hidden(void) {
  char *dir = test_dir("hidden");
  chmod(dir, 0700);
  char sub[4096];
  snprintf(sub, sizeof sub, "%s/scenarios", dir);
  mkdir(sub, 0700);
  snprintf(sub, sizeof sub, "%s/scenarios/secret-churn", dir);
  mkdir(sub, 0700);
  const char *files[] = {"grade.txt", "scenarios/secret-churn/scenario.txt", "scenarios/secret-churn/host.c"};
  for (int i = 0; i < 3; i++) {
    char from[4096], *text;
    size_t len;
    snprintf(from, sizeof from, "%s/hidden-00-driver-unload/%s", GRADE_TESTS_DIR, files[i]);
    text = slurp(from, &len);
    free(test_file(dir, files[i], text, len));
    free(text);
  }
  return dir;
}

bool dir_is_empty(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return false;
  struct dirent *e;
  bool empty = true;
  while ((e = readdir(d)))
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) empty = false;
  closedir(d);
  return empty;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)ftw;
  if (flag == FTW_DP) rmdir(path);
  else unlink(path);
  return 0;
}

void remove_dir(const char *dir) { nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

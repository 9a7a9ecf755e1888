/* Running the loaderlab command line as a student does, for the suites
 * that specify it (test_cli, test_cli_trust, test_viewer, test_terminal):
 * as a subprocess, with its exit status, standard output and standard
 * error captured.
 *
 * The loaderlab binary is found next to the test binary's folder:
 * build/<preset>/tests/test_x and build/<preset>/sim/loaderlab. */
#ifndef LOADERLAB_TESTS_CLI_HELPERS_H
#define LOADERLAB_TESTS_CLI_HELPERS_H

#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

extern char **environ;

typedef struct cli_result {
  int status;   /* exit status, or -1 if the process did not exit */
  char *out;    /* its stdout */
  char *err;    /* its stderr */
  size_t out_len, err_len;
} cli_result;

static __attribute__((unused)) const char *loaderlab_path(void) {
  static __attribute__((unused)) char path[PATH_MAX + 32];
  if (path[0]) return path;
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  cr_assert(n > 0, "cannot find this test binary");
  self[n] = '\0';
  *strrchr(self, '/') = '\0'; /* .../tests */
  *strrchr(self, '/') = '\0'; /* the build folder */
  snprintf(path, sizeof path, "%s/sim/loaderlab", self);
  cr_assert(access(path, X_OK) == 0, "no loaderlab binary at %s", path);
  return path;
}

static __attribute__((unused)) char *slurp_n(int fd, size_t *len) {
  struct strbuf b = {0};
  char buf[4096];
  lseek(fd, 0, SEEK_SET);
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) strbuf_append(&b, buf, (size_t)n);
  close(fd);
  if (len) *len = b.len;
  return strbuf_take(&b);
}

static __attribute__((unused)) char *slurp(int fd) { return slurp_n(fd, NULL); }

/* Extra environment entries ("NAME=value") for the next cli_exec, or NULL;
 * each cli_exec clears them. */
static const char *const *cli_next_env;

/* Runs argv (argv[0] is the program) with stdout and stderr captured. */
static __attribute__((unused)) void cli_exec(char *const argv[], cli_result *r) {
  char out_name[] = "/tmp/loaderlab-cli-out-XXXXXX", err_name[] = "/tmp/loaderlab-cli-err-XXXXXX";
  int out = mkstemp(out_name), err = mkstemp(err_name);
  cr_assert(out >= 0 && err >= 0, "cannot create temporary files");
  unlink(out_name);
  unlink(err_name);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out, 1);
  posix_spawn_file_actions_adddup2(&fa, err, 2);
  char *envp[512];
  int ne = 0;
  for (const char *const *e = cli_next_env; e && *e && ne < 64; e++) envp[ne++] = (char *)*e;
  for (char **e = environ; *e && ne < 511; e++) {
    bool overridden = false;
    for (const char *const *x = cli_next_env; x && *x; x++)
      if (strncmp(*e, *x, strcspn(*x, "=") + 1) == 0) overridden = true;
    if (!overridden) envp[ne++] = *e;
  }
  envp[ne] = NULL;
  cli_next_env = NULL;
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, envp);
  posix_spawn_file_actions_destroy(&fa);
  cr_assert_eq(rc, 0, "cannot start %s", argv[0]);
  int status;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  r->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r->out = slurp_n(out, &r->out_len);
  r->err = slurp_n(err, &r->err_len);
}

/* loaderlab with arguments; "@name.c" (also after "NAME.dll=") stands for
 * tests/programs/name.c. */
static __attribute__((unused)) void loaderlab_v(cli_result *r, va_list ap) {
  char *argv[48];
  int n = 0;
  argv[n++] = (char *)loaderlab_path();
  for (const char *a; (a = va_arg(ap, const char *)) && n < 47;) {
    const char *at = strstr(a, "=@");
    if (a[0] == '@') {
      char *path;
      cr_assert(asprintf(&path, "%s/programs/%s", TESTS_DIR, a + 1) > 0);
      argv[n++] = path;
    } else if (at) { /* NAME.dll=@file.c */
      char *path;
      cr_assert(asprintf(&path, "%.*s=%s/programs/%s", (int)(at - a), a, TESTS_DIR, at + 2) > 0);
      argv[n++] = path;
    } else {
      argv[n++] = strdup(a);
    }
  }
  argv[n] = NULL;
  cli_exec(argv, r);
  for (int i = 1; i < n; i++) free(argv[i]);
}

static __attribute__((unused)) void loaderlab(cli_result *r, ...) {
  va_list ap;
  va_start(ap, r);
  loaderlab_v(r, ap);
  va_end(ap);
}

/* The same with extra environment entries (NULL-terminated array). */
static __attribute__((unused)) void loaderlab_env(cli_result *r, const char *const *env, ...) {
  va_list ap;
  va_start(ap, env);
  cli_next_env = env;
  loaderlab_v(r, ap);
  va_end(ap);
}

/* A file's whole contents (malloc'd), or NULL. */
static __attribute__((unused)) char *read_file(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return NULL;
  char *s = slurp(fd);
  if (len) *len = strlen(s);
  return s;
}

/* The path of a file in the source tree (malloc'd). */
static __attribute__((unused)) char *source_path(const char *rel) {
  char *p;
  cr_assert(asprintf(&p, "%s/../%s", TESTS_DIR, rel) > 0);
  return p;
}

/* Runs a command line printed by loaderlab as a student pastes it: through
 * the shell, so that its quoting is tested too. */
static __attribute__((unused)) void run_printed_command(const char *line, cli_result *r) {
  char *argv[] = {"/bin/sh", "-c", (char *)line, NULL};
  cli_exec(argv, r);
}

/* The line after `marker` in text (malloc'd, leading spaces dropped). */
static __attribute__((unused)) char *line_after(const char *text, const char *marker) {
  const char *p = strstr(text, marker);
  cr_assert(p, "expected \"%s\" in:\n%s", marker, text);
  p += strlen(marker);
  while (*p == ' ') p++;
  return strndup(p, strcspn(p, "\n"));
}

/* The first line of text that starts with prefix (malloc'd). */
static __attribute__((unused)) char *line_starting(const char *text, const char *prefix) {
  for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
    if (strncmp(p, prefix, strlen(prefix)) == 0) return strndup(p, strcspn(p, "\n"));
  cr_assert_fail("no line starting with \"%s\" in:\n%s", prefix, text);
  return NULL;
}

static __attribute__((unused)) void cli_free(cli_result *r) {
  free(r->out);
  free(r->err);
}

#define expect_status(r, s) \
  cr_expect_eq((r).status, (s), "exit status %d, expected %d\nstdout:\n%s\nstderr:\n%s", (r).status, (s), (r).out, (r).err)

#endif

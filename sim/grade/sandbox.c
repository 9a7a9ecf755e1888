/* The sandbox a worker puts itself in before it loads student code.
 *
 * Four layers, each the operating system's own:
 * - resource limits (CPU time, address space, file size, open files,
 *   processes), which the kernel enforces whatever the code does;
 * - when the grader runs as root (as in Gradescope's and PrairieLearn's
 *   containers), the user `nobody`, which can read none of the grader's
 *   root-only files (hidden scenarios) and signal none of its processes;
 * - Landlock, where the kernel has it: file access confined to the system
 *   folders and the exact files the worker needs;
 * - a seccomp filter on the simulator's thread: the system calls a
 *   simulated Win32 program never needs (new processes and threads, exec,
 *   ptrace, sockets, sleeping behind the simulator's back, writing or
 *   changing files, changing identity) raise SIGSYS, and the handler
 *   reports which call it was.  Everything else is allowed, because the
 *   dynamic loader and the simulator need a wide and version-dependent set
 *   of calls (mmap, mprotect, signals, futex, ...).
 *
 * Left out, and said in docs/grading.md: native code runs in the same
 * process as the simulator, so it can read or write the simulator's memory
 * and the result descriptor; the filter applies to the simulator's thread
 * only, not to the simulator's own watchdog thread, which student code
 * never runs on.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/landlock.h>
#include <pwd.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "grade_internal.h"

/* ---- Resource limits ------------------------------------------------------------ */

static bool set_limit(int resource, rlim_t soft, rlim_t hard, const char *what, struct strbuf *err) {
  struct rlimit r = {soft, hard};
  struct rlimit old;
  /* Never raise a limit the grader itself was given. */
  if (getrlimit(resource, &old) == 0 && old.rlim_max != RLIM_INFINITY && hard > old.rlim_max) {
    r.rlim_max = old.rlim_max;
    if (r.rlim_cur > r.rlim_max) r.rlim_cur = r.rlim_max;
  }
  if (setrlimit(resource, &r) != 0) {
    strbuf_printf(err, "cannot limit %s: %s", what, strerror(errno));
    return false;
  }
  return true;
}

bool grade_set_limits(const grade_limits *l, struct strbuf *err) {
  if (!set_limit(RLIMIT_CORE, 0, 0, "core dumps", err)) return false;
  if (l->cpu_s > 0) {
    rlim_t s = (rlim_t)l->cpu_s + 1;
    /* SIGXCPU at the soft limit; SIGKILL at the hard one, for code that
     * catches SIGXCPU. */
    if (!set_limit(RLIMIT_CPU, s, s + 2, "CPU time", err)) return false;
  }
#ifndef LOADERLAB_ASAN
  /* AddressSanitizer reserves terabytes of address space up front. */
  if (l->as_bytes && !set_limit(RLIMIT_AS, l->as_bytes, l->as_bytes, "the address space", err)) return false;
#endif
  if (l->fsize_bytes && !set_limit(RLIMIT_FSIZE, l->fsize_bytes, l->fsize_bytes, "file sizes", err))
    return false;
  if (l->nofile && !set_limit(RLIMIT_NOFILE, l->nofile, l->nofile, "open files", err)) return false;
  if (l->nproc_zero && !set_limit(RLIMIT_NPROC, 0, 0, "processes", err)) return false;
  if (!l->nproc_zero && l->nproc && !set_limit(RLIMIT_NPROC, l->nproc, l->nproc, "processes", err))
    return false;
  return true;
}

/* ---- Identity ---------------------------------------------------------------------- */

bool grade_nobody(uid_t *uid, gid_t *gid) {
  struct passwd *pw = getpwnam("nobody");
  *uid = pw ? pw->pw_uid : 65534;
  *gid = pw ? pw->pw_gid : 65534;
  return *uid != 0;
}

bool grade_drop_privileges(struct strbuf *err) {
  if (geteuid() == 0) {
    uid_t uid;
    gid_t gid;
    grade_nobody(&uid, &gid);
    if (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0 || setresuid(uid, uid, uid) != 0) {
      strbuf_printf(err, "cannot become nobody: %s", strerror(errno));
      return false;
    }
    if (setuid(0) == 0) {
      strbuf_puts(err, "could regain root after becoming nobody");
      return false;
    }
  }
  /* Not dumpable: other processes of the same user cannot read this one's
   * /proc files (its memory, its maps). */
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    strbuf_printf(err, "cannot restrict the process: %s", strerror(errno));
    return false;
  }
  return true;
}

bool grade_nobody_can_read(const char *const *paths, const int *modes, int n, struct strbuf *err) {
  if (geteuid() != 0) return true;
  int pipefd[2];
  if (pipe(pipefd) != 0) {
    strbuf_printf(err, "cannot check file permissions: %s", strerror(errno));
    return false;
  }
  pid_t pid = fork();
  if (pid == 0) {
    close(pipefd[0]);
    struct strbuf why = {0};
    if (!grade_drop_privileges(&why)) {
      dprintf(pipefd[1], "%s", strbuf_str(&why));
      _exit(1);
    }
    for (int i = 0; i < n; i++)
      if (access(paths[i], modes[i]) != 0) {
        dprintf(pipefd[1], "%s: %s", paths[i], strerror(errno));
        _exit(1);
      }
    _exit(0);
  }
  close(pipefd[1]);
  char buf[4096];
  ssize_t got = pid > 0 ? read(pipefd[0], buf, sizeof buf - 1) : -1;
  close(pipefd[0]);
  int status = 1;
  if (pid > 0) waitpid(pid, &status, 0);
  if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) return true;
  buf[got > 0 ? got : 0] = '\0';
  strbuf_printf(err, "the compiler and the simulated programs run as nobody, which cannot read %s; make the "
                "loaderlab source tree, the exercise and TMPDIR readable by everyone (chmod o+rx on each "
                "folder on the way)", got > 0 ? buf : "what they need");
  return false;
}

/* ---- Landlock ---------------------------------------------------------------------- */

#define LL_FILE_READ (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_EXECUTE)
#define LL_DIR_READ (LL_FILE_READ | LANDLOCK_ACCESS_FS_READ_DIR)
#define LL_WRITE                                                                              \
  (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_REG | \
   LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR)
#define LL_HANDLED_V1                                                                          \
  (LL_DIR_READ | LL_WRITE | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_SOCK |          \
   LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM)

int grade_landlock_abi(void) {
  long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : (int)abi;
}

static bool add_rule(int ruleset, const char *path, __u64 dir_access, __u64 handled, struct strbuf *err) {
  int fd = open(path, O_PATH | O_CLOEXEC);
  if (fd < 0) return true; /* what does not exist cannot be read either */
  struct stat st;
  struct landlock_path_beneath_attr rule = {0};
  rule.parent_fd = fd;
  /* Rules on files may only carry file rights. */
  rule.allowed_access = (fstat(fd, &st) == 0 && !S_ISDIR(st.st_mode))
                            ? (dir_access & (LL_FILE_READ | LANDLOCK_ACCESS_FS_WRITE_FILE))
                            : dir_access;
  rule.allowed_access &= handled;
  long rc = syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
  int e = errno;
  close(fd);
  if (rc != 0) {
    strbuf_printf(err, "Landlock refused a rule for %s: %s", path, strerror(e));
    return false;
  }
  return true;
}

bool grade_landlock(const char *const *reads, int n_reads, const char *const *writes, int n_writes,
                    bool *applied, struct strbuf *err) {
  *applied = false;
  int abi = grade_landlock_abi();
  if (abi < 1) return true;
  __u64 handled = LL_HANDLED_V1;
#ifdef LANDLOCK_ACCESS_FS_REFER
  if (abi >= 2) handled |= LANDLOCK_ACCESS_FS_REFER;
#endif
  struct landlock_ruleset_attr attr = {.handled_access_fs = handled};
  int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
  if (ruleset < 0) {
    strbuf_printf(err, "cannot create a Landlock ruleset: %s", strerror(errno));
    return false;
  }
  bool ok = true;
  for (int i = 0; ok && i < n_reads; i++) ok = add_rule(ruleset, reads[i], LL_DIR_READ, handled, err);
  __u64 write_access = LL_DIR_READ | LL_WRITE;
#ifdef LANDLOCK_ACCESS_FS_REFER
  if (abi >= 2) write_access |= LANDLOCK_ACCESS_FS_REFER;
#endif
  for (int i = 0; ok && i < n_writes; i++) ok = add_rule(ruleset, writes[i], write_access, handled, err);
  if (ok && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    strbuf_printf(err, "cannot set no_new_privs: %s", strerror(errno));
    ok = false;
  }
  if (ok && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
    strbuf_printf(err, "cannot enforce Landlock: %s", strerror(errno));
    ok = false;
  }
  close(ruleset);
  *applied = ok;
  return ok;
}

/* ---- seccomp ------------------------------------------------------------------------- */

/* Calls a simulated Win32 program never makes, grouped by why. */
static const char *const forbidden_calls[] = {
  /* new processes and threads (the simulator runs every thread as a fiber) */
  "fork", "vfork", "clone", "clone3",
  /* running or inspecting other programs */
  "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
  "pidfd_open", "pidfd_getfd", "pidfd_send_signal", "tkill",
  /* the network and local sockets */
  "socket", "socketpair", "connect", "accept", "accept4", "bind", "listen", "sendto", "recvfrom",
  "sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "shutdown", "getsockopt", "setsockopt",
  "getsockname", "getpeername",
  /* waiting behind the simulator's back (Sleep and waits are simulated) */
  "nanosleep", "clock_nanosleep", "pause", "alarm", "setitimer", "timer_create", "select",
  "pselect6", "poll", "ppoll", "epoll_wait", "epoll_pwait", "epoll_pwait2",
  /* changing files (opening one for writing is filtered below) */
  "creat", "openat2", "unlink", "unlinkat", "rename", "renameat", "renameat2", "mkdir", "mkdirat",
  "rmdir", "link", "linkat", "symlink", "symlinkat", "chmod", "fchmod", "fchmodat", "chown",
  "fchown", "lchown", "fchownat", "truncate", "ftruncate", "mknod", "mknodat", "utime", "utimes",
  "utimensat", "futimesat", "setxattr", "lsetxattr", "fsetxattr", "removexattr", "lremovexattr",
  "fremovexattr", "fallocate",
  /* identity, sessions and namespaces */
  "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setgroups", "setfsuid",
  "setfsgid", "setpgid", "setsid", "unshare", "setns", "chroot", "pivot_root", "mount", "umount2",
  "mount_setattr", "move_mount", "open_tree", "fsopen", "fsmount", "fspick",
  /* the kernel's own machinery */
  "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter",
  "io_uring_register", "init_module", "finit_module", "delete_module", "kexec_load",
  "kexec_file_load", "reboot", "swapon", "swapoff", "acct", "quotactl", "sethostname",
  "setdomainname", "settimeofday", "clock_settime", "adjtimex", "clock_adjtime", "keyctl",
  "add_key", "request_key", "fanotify_init", "inotify_init", "inotify_init1",
};
enum { N_FORBIDDEN = sizeof forbidden_calls / sizeof forbidden_calls[0] };

/* What the SIGSYS handler needs, prepared before the filter is loaded
 * (the handler may only make async-signal-safe calls). */
static struct {
  int nr;
  const char *name;
} names[N_FORBIDDEN + 8];
static int n_names;
static char handler_nonce[40];

static size_t put(char *buf, size_t at, size_t cap, const char *s) {
  while (*s && at < cap) buf[at++] = *s++;
  return at;
}

static size_t put_num(char *buf, size_t at, size_t cap, long v) {
  char tmp[24];
  int n = 0;
  if (v < 0) {
    at = put(buf, at, cap, "-");
    v = -v;
  }
  do tmp[n++] = (char)('0' + v % 10);
  while ((v /= 10) && n < 23);
  while (n && at < cap) buf[at++] = tmp[--n];
  return at;
}

static void on_sigsys(int sig, siginfo_t *info, void *uctx) {
  (void)sig;
  (void)uctx;
  char name[64];
  size_t nn = 0;
  int nr = info->si_syscall;
  const char *known = NULL;
  for (int i = 0; i < n_names; i++)
    if (names[i].nr == nr) known = names[i].name;
  if (known) nn = put(name, 0, sizeof name - 1, known);
  else nn = put_num(name, put(name, 0, sizeof name - 1, "system call "), sizeof name - 1, nr);
  name[nn] = '\0';
  char rec[256];
  size_t at = put(rec, 0, sizeof rec, "LLGR1 ");
  at = put(rec, at, sizeof rec, handler_nonce);
  at = put(rec, at, sizeof rec, "\nkind 9\nviolation\nsyscall ");
  at = put_num(rec, at, sizeof rec, (long)nn);
  at = put(rec, at, sizeof rec, "\n");
  at = put(rec, at, sizeof rec, name);
  at = put(rec, at, sizeof rec, "\nend\n");
  const char *p = rec;
  while (at) {
    ssize_t w = write(GRADE_RESULT_FD, p, at);
    if (w <= 0) break;
    p += w;
    at -= (size_t)w;
  }
  _exit(0);
}

static bool rule(scmp_filter_ctx ctx, int nr, unsigned n_args, const struct scmp_arg_cmp *args,
                 struct strbuf *err, const char *what) {
  int rc = seccomp_rule_add_array(ctx, SCMP_ACT_TRAP, nr, n_args, args);
  if (rc != 0) {
    strbuf_printf(err, "cannot filter %s: %s", what, strerror(-rc));
    return false;
  }
  return true;
}

static void remember(int nr, const char *name) {
  if (n_names < (int)(sizeof names / sizeof names[0])) {
    names[n_names].nr = nr;
    names[n_names].name = name;
    n_names++;
  }
}

bool grade_seccomp_install(const char *nonce, struct strbuf *err) {
  snprintf(handler_nonce, sizeof handler_nonce, "%s", nonce);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_sigsys;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigfillset(&sa.sa_mask);
  if (sigaction(SIGSYS, &sa, NULL) != 0) {
    strbuf_printf(err, "cannot handle SIGSYS: %s", strerror(errno));
    return false;
  }
  sigset_t sys;
  sigemptyset(&sys);
  sigaddset(&sys, SIGSYS);
  pthread_sigmask(SIG_UNBLOCK, &sys, NULL);

  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  if (!ctx) {
    strbuf_puts(err, "cannot create a seccomp filter");
    return false;
  }
  bool ok = true;
  /* System calls of another architecture (int 0x80, x32) end the process. */
  if (seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS) != 0) ok = false;
  for (int i = 0; ok && i < N_FORBIDDEN; i++) {
    int nr = seccomp_syscall_resolve_name(forbidden_calls[i]);
    if (nr == __NR_SCMP_ERROR || nr < 0) continue; /* not on this architecture */
    remember(nr, forbidden_calls[i]);
    ok = rule(ctx, nr, 0, NULL, err, forbidden_calls[i]);
  }
  /* Opening a file for writing, creating or truncating one. */
  static const int write_flags[] = {O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND};
  int nr_open = seccomp_syscall_resolve_name("open");
  int nr_openat = seccomp_syscall_resolve_name("openat");
  for (size_t i = 0; ok && i < sizeof write_flags / sizeof write_flags[0]; i++) {
    struct scmp_arg_cmp at2 = SCMP_A2(SCMP_CMP_MASKED_EQ, (scmp_datum_t)write_flags[i],
                                      (scmp_datum_t)write_flags[i]);
    struct scmp_arg_cmp at1 = SCMP_A1(SCMP_CMP_MASKED_EQ, (scmp_datum_t)write_flags[i],
                                      (scmp_datum_t)write_flags[i]);
    ok = rule(ctx, nr_openat, 1, &at2, err, "openat");
    if (ok && nr_open >= 0) ok = rule(ctx, nr_open, 1, &at1, err, "open");
  }
  remember(nr_openat, "openat (for writing)");
  if (nr_open >= 0) remember(nr_open, "open (for writing)");
  /* Signals: only the process's own abort, and no handler for SIGSYS. */
  pid_t self = getpid();
  int nr_kill = seccomp_syscall_resolve_name("kill");
  int nr_tgkill = seccomp_syscall_resolve_name("tgkill");
  struct scmp_arg_cmp other_pid = SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)self);
  struct scmp_arg_cmp kill_not_abort = SCMP_A1(SCMP_CMP_NE, SIGABRT);
  struct scmp_arg_cmp tgkill_not_abort = SCMP_A2(SCMP_CMP_NE, SIGABRT);
  if (ok) ok = rule(ctx, nr_kill, 1, &other_pid, err, "kill");
  if (ok) ok = rule(ctx, nr_kill, 1, &kill_not_abort, err, "kill");
  if (ok) ok = rule(ctx, nr_tgkill, 1, &other_pid, err, "tgkill");
  if (ok) ok = rule(ctx, nr_tgkill, 1, &tgkill_not_abort, err, "tgkill");
  remember(nr_kill, "kill");
  remember(nr_tgkill, "tgkill");
  int nr_sigaction = seccomp_syscall_resolve_name("rt_sigaction");
  struct scmp_arg_cmp sigsys = SCMP_A0(SCMP_CMP_EQ, SIGSYS);
  if (ok) ok = rule(ctx, nr_sigaction, 1, &sigsys, err, "rt_sigaction");
  remember(nr_sigaction, "rt_sigaction (for SIGSYS)");
  /* Limits and scheduling of other processes; becoming dumpable again. */
  int nr_prlimit = seccomp_syscall_resolve_name("prlimit64");
  struct scmp_arg_cmp not_self = SCMP_A0(SCMP_CMP_NE, 0);
  if (ok) ok = rule(ctx, nr_prlimit, 1, &not_self, err, "prlimit64");
  remember(nr_prlimit, "prlimit64 (of another process)");
  int nr_prctl = seccomp_syscall_resolve_name("prctl");
  struct scmp_arg_cmp dumpable = SCMP_A0(SCMP_CMP_EQ, PR_SET_DUMPABLE);
  if (ok) ok = rule(ctx, nr_prctl, 1, &dumpable, err, "prctl");
  remember(nr_prctl, "prctl (PR_SET_DUMPABLE)");
  if (ok) {
    int rc = seccomp_load(ctx);
    if (rc != 0) {
      strbuf_printf(err, "cannot load the seccomp filter: %s", strerror(-rc));
      ok = false;
    }
  }
  seccomp_release(ctx);
  return ok;
}

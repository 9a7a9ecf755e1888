/* The operating-system calls a simulated program may not make, and the
 * verdict that names them.
 *
 * A simulated program is Win32 code run inside the simulator's own
 * process, one simulated thread at a time, on virtual time.  A call that
 * starts a process (fork, system, exec...) would start a second copy of
 * the simulator exploring on its own; one that starts a thread of the
 * operating system, sleeps for real, waits for input, a signal, a socket
 * or a POSIX lock would run or block outside the simulator, where no other
 * simulated thread can run and no schedule can reproduce it; signals and
 * the system's dynamic loader are the simulator's own tools.  Programs are
 * linked with --wrap for each of these names (program/build.c), so such a
 * call lands here, and the run ends with the "unsupported call" verdict,
 * naming the call, where it was made, and what to use instead.  A call
 * to __real_X, the name --wrap gives the real function, is refused when
 * the program is built (program/build.c).  A call made outside a run
 * (from a DLL's constructor, while it is loaded) fails with ENOSYS and
 * the image is refused (loader/image.c).
 *
 * Reading a stream other than standard input, and read() of any other
 * file descriptor, go to the C library as usual.  _Exit and quick_exit
 * end the simulated process as _exit does.
 *
 * What the wrap does not stop: --wrap renames the calls the program's own
 * object code makes by these names and nothing else.  A program can still
 * reach the operating system through other names of the same functions
 * (glibc's __fork, __libc_system and other internal aliases, versioned
 * names picked with dlvsym from a handle it got some other way), through
 * C library functions that use them inside the library (wordexp and popen
 * are wrapped, but not every such function is), through function pointers
 * read from memory rather than named, and through system calls written in
 * assembly.  The CPU and wall-clock watchdogs (core/fault.c) still end a
 * run that spins or blocks that way; the grader adds a seccomp filter as
 * the backstop against escapes.
 */
#include "api.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

/* Why a kind of call is refused, and what to write instead. */
enum refusal {
  PROCESS,
  THREAD,
  POSIX_LOCK,
  SLEEP,
  BLOCKING,
  STDIN,
  SIGNALS,
  DLFCN,
  SYSCALL,
};

static const char *const why[] = {
    [PROCESS] = "a simulated program runs inside the simulator's own process, so starting or "
                "replacing a process would start a second copy of the simulator exploring on its "
                "own; use CreateThread for concurrency",
    [THREAD] = "the simulator runs every thread of the program itself, one at a time, and cannot "
               "schedule a thread of the operating system; use CreateThread",
    [POSIX_LOCK] = "POSIX and C11 locks, semaphores and condition variables are not simulated: a "
                   "thread blocked in one would block the whole simulator; use critical sections, "
                   "SRW locks, events, mutexes or semaphores from windows.h",
    [SLEEP] = "the simulator runs on virtual time, and a real sleep would stop the simulator "
              "itself; use Sleep",
    [BLOCKING] = "it would block the whole simulator in the operating system, where no other "
                 "simulated thread can run; use the Win32 waits (WaitForSingleObject, "
                 "GetQueuedCompletionStatus)",
    [STDIN] = "a simulated run has no standard input (every run must be repeatable): give the "
              "program its input in its source",
    [SIGNALS] = "signals are not simulated, and the simulator uses them itself to catch faults "
                "and runaway code",
    [DLFCN] = "it uses the system's dynamic loader beside the simulated one; use LoadLibrary and "
              "GetProcAddress",
    [SYSCALL] = "a raw system call goes around the simulator, which can neither see nor undo it",
};

/* Ends the run with the verdict (inside a run; does not return then), or
 * records the call for the image being loaded and sets errno (outside a
 * run, from a constructor). */
static void refuse(enum refusal kind, void *caller, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void refuse(enum refusal kind, void *caller, const char *fmt, ...) {
  char call[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(call, sizeof call, fmt, ap);
  va_end(ap);
  sim_run *r = sim__current_run;
  if (!r || !r->cur) {
    sim__image_note_refused_call(call, why[kind]);
    errno = ENOSYS;
    return;
  }
  sim__in_simulator = 1;
  char who[64], where[160];
  sim__finish(SIM_VERDICT_UNSUPPORTED, r->cur, "%s called %s at %s, which a simulated program may not "
              "call: %s",
              sim__thread_label(r->cur, who, sizeof who), call,
              sim__describe_code(caller, where, sizeof where), why[kind]);
}

#define CALLER __builtin_return_address(0)

/* A quoted string argument, shortened, for the message. */
static const char *quoted(const char *s, char *buf, size_t size) {
  if (!s) snprintf(buf, size, "NULL");
  else if (strlen(s) > 40) snprintf(buf, size, "\"%.37s...\"", s);
  else snprintf(buf, size, "\"%s\"", s);
  return buf;
}

/* ---- Processes ------------------------------------------------------------------- */

#define REFUSE_NO_ARGS(ret, name, kind, fail) \
  ret __wrap_##name(void) {                   \
    refuse(kind, CALLER, #name "()");         \
    return fail;                              \
  }

REFUSE_NO_ARGS(pid_t, fork, PROCESS, -1)
REFUSE_NO_ARGS(pid_t, vfork, PROCESS, -1)
REFUSE_NO_ARGS(pid_t, _Fork, PROCESS, -1)

int __wrap_clone(void *fn, void *stack, int flags, void *arg, ...) {
  (void)fn, (void)stack, (void)flags, (void)arg;
  refuse(PROCESS, CALLER, "clone()");
  return -1;
}

int __wrap_daemon(int nochdir, int noclose) {
  (void)nochdir, (void)noclose;
  refuse(PROCESS, CALLER, "daemon()");
  return -1;
}

int __wrap_system(const char *command) {
  char q[64];
  refuse(PROCESS, CALLER, "system(%s)", quoted(command, q, sizeof q));
  return -1;
}

FILE *__wrap_popen(const char *command, const char *mode) {
  char q[64];
  (void)mode;
  refuse(PROCESS, CALLER, "popen(%s)", quoted(command, q, sizeof q));
  return NULL;
}

int __wrap_wordexp(const char *words, void *result, int flags) {
  char q[64];
  (void)result, (void)flags;
  refuse(PROCESS, CALLER, "wordexp(%s)", quoted(words, q, sizeof q));
  return 4; /* WRDE_NOSPACE */
}

int __wrap_posix_spawn(pid_t *pid, const char *path, const void *actions, const void *attr,
                       char *const argv[], char *const envp[]) {
  char q[64];
  (void)pid, (void)actions, (void)attr, (void)argv, (void)envp;
  refuse(PROCESS, CALLER, "posix_spawn(%s)", quoted(path, q, sizeof q));
  return ENOSYS;
}

int __wrap_posix_spawnp(pid_t *pid, const char *file, const void *actions, const void *attr,
                        char *const argv[], char *const envp[]) {
  char q[64];
  (void)pid, (void)actions, (void)attr, (void)argv, (void)envp;
  refuse(PROCESS, CALLER, "posix_spawnp(%s)", quoted(file, q, sizeof q));
  return ENOSYS;
}

#define REFUSE_EXEC(name)                                           \
  int __wrap_##name(const char *path, ...) {                        \
    char q[64];                                                     \
    refuse(PROCESS, CALLER, #name "(%s)", quoted(path, q, sizeof q)); \
    return -1;                                                      \
  }
REFUSE_EXEC(execl)
REFUSE_EXEC(execle)
REFUSE_EXEC(execlp)
REFUSE_EXEC(execv)
REFUSE_EXEC(execve)
REFUSE_EXEC(execvp)
REFUSE_EXEC(execvpe)

int __wrap_fexecve(int fd, char *const argv[], char *const envp[]) {
  (void)argv, (void)envp;
  refuse(PROCESS, CALLER, "fexecve(%d)", fd);
  return -1;
}

/* ---- Threads and their locks ---------------------------------------------------- */

int __wrap_pthread_create(void *thread, const void *attr, void *(*start)(void *), void *arg) {
  (void)thread, (void)attr, (void)start, (void)arg;
  refuse(THREAD, CALLER, "pthread_create()");
  return ENOSYS;
}

int __wrap_thrd_create(void *thread, int (*start)(void *), void *arg) {
  (void)thread, (void)start, (void)arg;
  refuse(THREAD, CALLER, "thrd_create()");
  return 2; /* thrd_error */
}

#define REFUSE_LOCK(name)                       \
  int __wrap_##name(void *object, ...) {        \
    (void)object;                               \
    refuse(POSIX_LOCK, CALLER, #name "()");     \
    return ENOSYS;                              \
  }
REFUSE_LOCK(pthread_join)
REFUSE_LOCK(pthread_mutex_lock)
REFUSE_LOCK(pthread_mutex_trylock)
REFUSE_LOCK(pthread_mutex_timedlock)
REFUSE_LOCK(pthread_rwlock_rdlock)
REFUSE_LOCK(pthread_rwlock_wrlock)
REFUSE_LOCK(pthread_rwlock_tryrdlock)
REFUSE_LOCK(pthread_rwlock_trywrlock)
REFUSE_LOCK(pthread_rwlock_timedrdlock)
REFUSE_LOCK(pthread_rwlock_timedwrlock)
REFUSE_LOCK(pthread_cond_wait)
REFUSE_LOCK(pthread_cond_timedwait)
REFUSE_LOCK(pthread_spin_lock)
REFUSE_LOCK(pthread_barrier_wait)
REFUSE_LOCK(sem_wait)
REFUSE_LOCK(sem_timedwait)
REFUSE_LOCK(sem_trywait)
REFUSE_LOCK(thrd_join)
REFUSE_LOCK(mtx_lock)
REFUSE_LOCK(mtx_timedlock)
REFUSE_LOCK(mtx_trylock)
REFUSE_LOCK(cnd_wait)
REFUSE_LOCK(cnd_timedwait)

/* ---- Sleeping and blocking ------------------------------------------------------- */

unsigned __wrap_sleep(unsigned seconds) {
  refuse(SLEEP, CALLER, "sleep(%u)", seconds);
  return seconds;
}

int __wrap_usleep(unsigned long usec) {
  refuse(SLEEP, CALLER, "usleep(%lu)", usec);
  return -1;
}

#define REFUSE_ANY(name, kind)              \
  int __wrap_##name(long a, ...) {          \
    (void)a;                                \
    refuse(kind, CALLER, #name "()");       \
    return -1;                              \
  }
REFUSE_ANY(nanosleep, SLEEP)
REFUSE_ANY(clock_nanosleep, SLEEP)
REFUSE_ANY(thrd_sleep, SLEEP)
REFUSE_ANY(sigsuspend, BLOCKING)
REFUSE_ANY(sigwait, BLOCKING)
REFUSE_ANY(sigwaitinfo, BLOCKING)
REFUSE_ANY(sigtimedwait, BLOCKING)
REFUSE_ANY(select, BLOCKING)
REFUSE_ANY(pselect, BLOCKING)
REFUSE_ANY(poll, BLOCKING)
REFUSE_ANY(ppoll, BLOCKING)
REFUSE_ANY(epoll_wait, BLOCKING)
REFUSE_ANY(epoll_pwait, BLOCKING)
REFUSE_ANY(accept, BLOCKING)
REFUSE_ANY(accept4, BLOCKING)
REFUSE_ANY(connect, BLOCKING)
REFUSE_ANY(recv, BLOCKING)
REFUSE_ANY(recvfrom, BLOCKING)
REFUSE_ANY(recvmsg, BLOCKING)
REFUSE_ANY(msgrcv, BLOCKING)
REFUSE_ANY(semop, BLOCKING)
REFUSE_ANY(semtimedop, BLOCKING)
REFUSE_ANY(flock, BLOCKING)
REFUSE_ANY(lockf, BLOCKING)

int __wrap_pause(void) {
  refuse(BLOCKING, CALLER, "pause()");
  return -1;
}

/* ---- Standard input ---------------------------------------------------------------- */

ssize_t __wrap_read(int fd, void *buf, size_t n) {
  if (fd != STDIN_FILENO) return read(fd, buf, n);
  refuse(STDIN, CALLER, "read(0, ...)");
  return -1;
}

ssize_t __wrap_readv(int fd, const struct iovec *iov, int n) {
  if (fd != STDIN_FILENO) return readv(fd, iov, n);
  refuse(STDIN, CALLER, "readv(0, ...)");
  return -1;
}

/* Stream reads: refused on stdin, passed on for any other stream. */
#define STDIN_ONLY(name, f, fail)                  \
  do {                                             \
    if ((f) == stdin) {                            \
      refuse(STDIN, CALLER, name "(stdin, ...)");  \
      return fail;                                 \
    }                                              \
  } while (0)

int __wrap_getchar(void) {
  refuse(STDIN, CALLER, "getchar()");
  return EOF;
}

int __wrap_getchar_unlocked(void) {
  refuse(STDIN, CALLER, "getchar_unlocked()");
  return EOF;
}

int __wrap_fgetc(FILE *f) {
  STDIN_ONLY("fgetc", f, EOF);
  return fgetc(f);
}

int __wrap_getc(FILE *f) {
  STDIN_ONLY("getc", f, EOF);
  return getc(f);
}

int __wrap__IO_getc(FILE *f) {
  STDIN_ONLY("getc", f, EOF);
  return getc(f);
}

int __wrap_getc_unlocked(FILE *f) {
  STDIN_ONLY("getc_unlocked", f, EOF);
  return getc_unlocked(f);
}

int __wrap_fgetc_unlocked(FILE *f) {
  STDIN_ONLY("fgetc_unlocked", f, EOF);
  return fgetc_unlocked(f);
}

char *__wrap_fgets(char *s, int n, FILE *f) {
  STDIN_ONLY("fgets", f, NULL);
  return fgets(s, n, f);
}

char *__wrap_fgets_unlocked(char *s, int n, FILE *f) {
  STDIN_ONLY("fgets_unlocked", f, NULL);
  return fgets_unlocked(s, n, f);
}

char *__wrap_gets(char *s) {
  (void)s;
  refuse(STDIN, CALLER, "gets()");
  return NULL;
}

size_t __wrap_fread(void *p, size_t size, size_t n, FILE *f) {
  STDIN_ONLY("fread", f, 0);
  return fread(p, size, n, f);
}

size_t __wrap_fread_unlocked(void *p, size_t size, size_t n, FILE *f) {
  STDIN_ONLY("fread_unlocked", f, 0);
  return fread_unlocked(p, size, n, f);
}

ssize_t __wrap_getline(char **line, size_t *n, FILE *f) {
  STDIN_ONLY("getline", f, -1);
  return getline(line, n, f);
}

ssize_t __wrap_getdelim(char **line, size_t *n, int delim, FILE *f) {
  STDIN_ONLY("getdelim", f, -1);
  return getdelim(line, n, delim, f);
}

/* scanf and friends: glibc's stdio.h names them __isoc99_* in C99 and
 * later (both names are wrapped). */
static int scan_stream(const char *name, void *caller, FILE *f, const char *fmt, va_list ap) {
  if (f == stdin) {
    refuse(STDIN, caller, "%s(...)", name);
    return EOF;
  }
  return vfscanf(f, fmt, ap);
}

#define SCANF(wrapped)                                            \
  int __wrap_##wrapped(const char *fmt, ...) {                    \
    va_list ap;                                                   \
    va_start(ap, fmt);                                            \
    int n = scan_stream("scanf", CALLER, stdin, fmt, ap);         \
    va_end(ap);                                                   \
    return n;                                                     \
  }
#define FSCANF(wrapped)                                           \
  int __wrap_##wrapped(FILE *f, const char *fmt, ...) {           \
    va_list ap;                                                   \
    va_start(ap, fmt);                                            \
    int n = scan_stream("fscanf", CALLER, f, fmt, ap);            \
    va_end(ap);                                                   \
    return n;                                                     \
  }
#define VSCANF(wrapped)                                           \
  int __wrap_##wrapped(const char *fmt, va_list ap) {             \
    return scan_stream("vscanf", CALLER, stdin, fmt, ap);         \
  }
#define VFSCANF(wrapped)                                          \
  int __wrap_##wrapped(FILE *f, const char *fmt, va_list ap) {    \
    return scan_stream("vfscanf", CALLER, f, fmt, ap);            \
  }
SCANF(scanf)
SCANF(__isoc99_scanf)
FSCANF(fscanf)
FSCANF(__isoc99_fscanf)
VSCANF(vscanf)
VSCANF(__isoc99_vscanf)
VFSCANF(vfscanf)
VFSCANF(__isoc99_vfscanf)

/* The wide-character reads of standard input. */
REFUSE_NO_ARGS(unsigned, getwchar, STDIN, (unsigned)-1)
REFUSE_ANY(wscanf, STDIN)
REFUSE_ANY(__isoc99_wscanf, STDIN)
REFUSE_ANY(vwscanf, STDIN)
REFUSE_ANY(__isoc99_vwscanf, STDIN)

/* ---- Signals ---------------------------------------------------------------------- */

void *__wrap_signal(int sig, void *handler) {
  (void)handler;
  refuse(SIGNALS, CALLER, "signal(%d)", sig);
  return (void *)-1; /* SIG_ERR */
}

int __wrap_sigaction(int sig, const void *act, void *old) {
  (void)act, (void)old;
  refuse(SIGNALS, CALLER, "sigaction(%d)", sig);
  return -1;
}

int __wrap_raise(int sig) {
  refuse(SIGNALS, CALLER, "raise(%d)", sig);
  return -1;
}

int __wrap_kill(pid_t pid, int sig) {
  refuse(SIGNALS, CALLER, "kill(%ld, %d)", (long)pid, sig);
  return -1;
}

unsigned __wrap_alarm(unsigned seconds) {
  refuse(SIGNALS, CALLER, "alarm(%u)", seconds);
  return 0;
}

REFUSE_ANY(sigprocmask, SIGNALS)
REFUSE_ANY(pthread_sigmask, SIGNALS)
REFUSE_ANY(pthread_kill, SIGNALS)
REFUSE_ANY(setitimer, SIGNALS)
REFUSE_ANY(timer_create, SIGNALS)

/* ---- The system's dynamic loader, and raw system calls ------------------------------ */

void *__wrap_dlopen(const char *file, int mode) {
  char q[64];
  (void)mode;
  refuse(DLFCN, CALLER, "dlopen(%s)", quoted(file, q, sizeof q));
  return NULL;
}

void *__wrap_dlmopen(long ns, const char *file, int mode) {
  char q[64];
  (void)ns, (void)mode;
  refuse(DLFCN, CALLER, "dlmopen(%s)", quoted(file, q, sizeof q));
  return NULL;
}

void *__wrap_dlsym(void *handle, const char *name) {
  char q[64];
  (void)handle;
  refuse(DLFCN, CALLER, "dlsym(%s)", quoted(name, q, sizeof q));
  return NULL;
}

void *__wrap_dlvsym(void *handle, const char *name, const char *version) {
  char q[64];
  (void)handle, (void)version;
  refuse(DLFCN, CALLER, "dlvsym(%s)", quoted(name, q, sizeof q));
  return NULL;
}

long __wrap_syscall(long number, ...) {
  refuse(SYSCALL, CALLER, "syscall(%ld)", number);
  return -1;
}

/* ---- Ending the process ------------------------------------------------------------- */

/* As _exit: the process ends without notifying any DLL (crt.c). */
void __wrap__Exit(int code) { __wrap__exit(code); }
void __wrap_quick_exit(int code) { __wrap__exit(code); }

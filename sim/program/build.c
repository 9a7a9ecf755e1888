/* Compiling simulated programs into shared objects (see program.h).
 *
 * The flags below are the whole contract between a simulated program and
 * the simulator:
 * - -I<sim/include> puts the simulator's windows.h in front;
 * - -fvisibility=hidden makes only __declspec(dllexport) functions visible,
 *   so GetProcAddress sees what it would see on Windows;
 * - -fshort-wchar makes L"..." literals 16-bit WCHAR strings;
 * - --wrap routes the C library calls the simulator must see (output and
 *   formatting, wide output included, heap, abort, exit, assert) to the
 *   simulator's __wrap_ functions (api/crt.c), and the operating-system
 *   calls a simulated program may not make (processes, threads, sleeping,
 *   blocking, standard input, signals, the system's dynamic loader) to the
 *   ones that refuse them with a verdict (api/posix.c, which says what the
 *   wrap cannot stop);
 * - -z now and -z norelro resolve every symbol at load time and keep the
 *   writable data in one plain segment, so the data snapshot taken right
 *   after loading is complete and restoring it never faults;
 * - -O0 -g keeps every call where the source has it, so the step a trace
 *   shows is the line a student wrote;
 * - -nodefaultlibs and the libraries named at the end (the C library, and
 *   libgcc_s.so.1 itself rather than its linker script, which adds the
 *   static libgcc.a): a static library must not define a __wrap_ function
 *   itself, or the wrapped call would never reach the simulator (libgcc.a
 *   has a __wrap_pthread_create, for split stacks), and loader/image.c
 *   refuses an image that defines one anyway;
 * - a built object that still needs a wrapped name from the C library
 *   called it as __real_X, around the simulator, and is refused
 *   (refuse_real_calls).
 * - -fsanitize=thread makes every load and store of the program's code a
 *   call to a __tsan_ function, which the simulator defines
 *   (api/memory.c) to learn what each step touches (partial-order
 *   reduction); -nodefaultlibs keeps ThreadSanitizer's own run-time library
 *   out (it would be loaded with the program), so the C library and libgcc
 *   are named after the sources instead; the memory and string functions
 *   of the C library are wrapped for the same reason as the instrumentation;
 *   -fno-plt calls them (and every imported function) through the GOT
 *   without a stub in the image, so a CPU watchdog interrupt in a loop
 *   names the loop's own code.
 */
#include "program.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#ifndef LOADERLAB_SOURCE_DIR
#error "LOADERLAB_SOURCE_DIR must name the source tree (set by CMake)"
#endif

#define WRAPPED(X)                                                             \
  X(printf) X(vprintf) X(puts) X(putchar) X(fputs) X(fputc) X(putc)            \
  X(fprintf) X(vfprintf) X(fwrite) X(fflush) X(perror)                         \
  X(sprintf) X(snprintf) X(vsprintf) X(vsnprintf)                              \
  X(wprintf) X(fwprintf) X(vwprintf) X(vfwprintf) X(fputws) X(fputwc) X(putwc) \
  X(putwchar)                                                                  \
  X(malloc) X(calloc) X(realloc) X(free) X(strdup) X(strndup)                  \
  X(abort) X(exit) X(_exit) X(__assert_fail) X(rand) X(srand) X(atexit)        \
  X(memcpy) X(memmove) X(memset) X(memcmp) X(strcmp) X(strncmp) X(strlen)      \
  X(strnlen) X(strcpy) X(strncpy) X(strcat) X(strchr) X(strrchr) X(strstr)     \
  REFUSED(X)

/* api/posix.c: calls that end the run with the "unsupported call" verdict. */
#define REFUSED(X)                                                                 \
  X(fork) X(vfork) X(_Fork) X(clone) X(daemon) X(system) X(popen) X(wordexp)       \
  X(posix_spawn) X(posix_spawnp) X(execl) X(execle) X(execlp) X(execv) X(execve)   \
  X(execvp) X(execvpe) X(fexecve)                                                  \
  X(pthread_create) X(thrd_create) X(pthread_join) X(pthread_mutex_lock)           \
  X(pthread_mutex_trylock) X(pthread_mutex_timedlock) X(pthread_rwlock_rdlock)     \
  X(pthread_rwlock_wrlock) X(pthread_rwlock_tryrdlock) X(pthread_rwlock_trywrlock) \
  X(pthread_rwlock_timedrdlock) X(pthread_rwlock_timedwrlock) X(pthread_cond_wait) \
  X(pthread_cond_timedwait) X(pthread_spin_lock) X(pthread_barrier_wait)           \
  X(sem_wait) X(sem_timedwait) X(sem_trywait) X(thrd_join) X(mtx_lock)             \
  X(mtx_timedlock) X(mtx_trylock) X(cnd_wait) X(cnd_timedwait)                     \
  X(sleep) X(usleep) X(nanosleep) X(clock_nanosleep) X(thrd_sleep) X(pause)        \
  X(sigsuspend) X(sigwait) X(sigwaitinfo) X(sigtimedwait) X(select) X(pselect)     \
  X(poll) X(ppoll) X(epoll_wait) X(epoll_pwait) X(accept) X(accept4) X(connect)    \
  X(recv) X(recvfrom) X(recvmsg) X(msgrcv) X(semop) X(semtimedop) X(flock)         \
  X(lockf)                                                                         \
  X(read) X(readv) X(getchar) X(getchar_unlocked) X(fgetc) X(getc) X(_IO_getc)     \
  X(getc_unlocked) X(fgetc_unlocked) X(fgets) X(fgets_unlocked) X(gets) X(fread)   \
  X(fread_unlocked) X(getline) X(getdelim) X(scanf) X(__isoc99_scanf) X(fscanf)    \
  X(__isoc99_fscanf) X(vscanf) X(__isoc99_vscanf) X(vfscanf) X(__isoc99_vfscanf)   \
  X(getwchar) X(wscanf) X(__isoc99_wscanf) X(vwscanf) X(__isoc99_vwscanf)          \
  X(signal) X(sigaction) X(raise) X(kill) X(alarm) X(sigprocmask)                  \
  X(pthread_sigmask) X(pthread_kill) X(setitimer) X(timer_create)                  \
  X(dlopen) X(dlmopen) X(dlsym) X(dlvsym) X(syscall) X(_Exit) X(quick_exit)

static const char *const program_flags[] = {
  "-std=gnu11", "-shared", "-fPIC", "-fvisibility=hidden", "-fshort-wchar",
  "-O0", "-g", "-fno-omit-frame-pointer", "-U_FORTIFY_SOURCE",
  "-fno-stack-protector", "-fno-builtin-printf", "-fsanitize=thread", "-fno-plt", "-Wall",
  "-Werror=implicit-function-declaration",
  "-Wl,-z,now", "-Wl,-z,norelro", "-Wl,-z,noseparate-code", "-nodefaultlibs",
#define WRAP_FLAG(name) "-Wl,--wrap=" #name,
  WRAPPED(WRAP_FLAG)
#undef WRAP_FLAG
};
enum { N_PROGRAM_FLAGS = sizeof program_flags / sizeof program_flags[0] };

/* After the sources and link objects (see -nodefaultlibs above). */
static const char *const program_libraries[] = {"-lc", "-l:libgcc_s.so.1"};
enum { N_PROGRAM_LIBRARIES = sizeof program_libraries / sizeof program_libraries[0] };

bool sim__build_instrumented(void) {
  const char *env = getenv("LOADERLAB_INSTRUMENT");
  return !(env && strcmp(env, "0") == 0);
}

static const char *build_include_dir(void) {
  const char *env = getenv("LOADERLAB_INCLUDE_DIR");
  return env && *env ? env : LOADERLAB_SOURCE_DIR "/sim/include";
}

static int mkdirs(const char *path) {
  char tmp[PATH_MAX];
  snprintf(tmp, sizeof tmp, "%s", path);
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  if (mkdir(tmp, 0755) != 0 && errno != EEXIST) return -1;
  return 0;
}

static void build_cache_dir(char *out, size_t size) {
  const char *env = getenv("LOADERLAB_CACHE_DIR");
  const char *xdg = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  if (env && *env) snprintf(out, size, "%s", env);
  else if (xdg && *xdg) snprintf(out, size, "%s/loaderlab", xdg);
  else if (home && *home) snprintf(out, size, "%s/.cache/loaderlab", home);
  else snprintf(out, size, "/tmp/loaderlab-%d", (int)getuid());
}

/* ---- Hashing ----------------------------------------------------------------------- */

static const uint64_t fnv_offset = 14695981039346656037ULL;

static uint64_t fnv_bytes(uint64_t h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
  return h;
}

/* A string and its end, so that ("ab", "c") and ("a", "bc") differ. */
static uint64_t fnv(uint64_t h, const char *s) {
  h = fnv_bytes(h, s, strlen(s));
  return (h ^ 0xff) * 1099511628211ULL;
}

/* The hash of a file's contents; false if it cannot be read. */
static bool hash_file(const char *path, uint64_t *out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  uint64_t h = fnv_offset;
  char buf[16384];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) h = fnv_bytes(h, buf, (size_t)n);
  close(fd);
  if (n < 0) return false;
  *out = h;
  return true;
}

/* ---- Running the compiler ------------------------------------------------------------- */

/* Splits $CC ("ccache gcc") into words. */
static int split_words(char *s, char **words, int max) {
  int n = 0;
  for (char *tok = strtok(s, " \t"); tok && n < max; tok = strtok(NULL, " \t")) words[n++] = tok;
  return n;
}

/* Runs argv, collecting its standard output and error; returns its exit
 * status, or -1 (errno set) if it could not be started. */
static int run_compiler(char **argv, struct strbuf *out) {
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    errno = rc;
    return -1;
  }
  char buf[4096];
  ssize_t n;
  while ((n = read(pipefd[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0) strbuf_append(out, buf, (size_t)n);
  close(pipefd[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Where the shell would find a command: an absolute path, or NULL. */
static bool find_command(const char *cmd, char *out, size_t size) {
  if (strchr(cmd, '/')) return realpath(cmd, out) != NULL;
  const char *path = getenv("PATH");
  if (!path) path = "/usr/bin:/bin";
  for (const char *p = path; *p;) {
    const char *colon = strchr(p, ':');
    size_t n = colon ? (size_t)(colon - p) : strlen(p);
    char candidate[PATH_MAX];
    snprintf(candidate, sizeof candidate, "%.*s/%s", (int)n, n ? p : ".", cmd);
    if (access(candidate, X_OK) == 0 && realpath(candidate, out)) return true;
    p += n;
    if (*p == ':') p++;
  }
  (void)size;
  return false;
}

/* What identifies the compiler: $CC as given, the program it runs (path,
 * size, modification time) and what it says its version and target are.
 * A new compiler, or the same name pointing elsewhere, is another key.
 * Asking the compiler costs a process, so its answer is kept for as long
 * as the program file stays the same. */
static const char *compiler_identity(char **cc_words, int n_cc) {
  static char *identity;
  static char known[PATH_MAX + 64];
  char resolved[PATH_MAX], stamp[sizeof known];
  struct stat st;
  if (!find_command(cc_words[0], resolved, sizeof resolved) || stat(resolved, &st) != 0)
    snprintf(resolved, sizeof resolved, "%s (not found)", cc_words[0]), memset(&st, 0, sizeof st);
  struct strbuf words = {0};
  for (int i = 0; i < n_cc; i++) strbuf_printf(&words, "%s ", cc_words[i]);
  snprintf(stamp, sizeof stamp, "%s|%s|%lld|%lld.%09ld", strbuf_str(&words), resolved,
           (long long)st.st_size, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  strbuf_free(&words);
  if (identity && strcmp(stamp, known) == 0) return identity;
  struct strbuf id = {0};
  strbuf_puts(&id, stamp);
  const char *asks[] = {"--version", "-dumpmachine"};
  for (size_t a = 0; a < sizeof asks / sizeof asks[0]; a++) {
    char *argv[64];
    int n = 0;
    for (int i = 0; i < n_cc && n < 60; i++) argv[n++] = cc_words[i];
    argv[n++] = (char *)asks[a];
    argv[n] = NULL;
    struct strbuf out = {0};
    int rc = run_compiler(argv, &out);
    strbuf_printf(&id, "\n%s -> %d: %s", asks[a], rc, strbuf_str(&out));
    strbuf_free(&out);
  }
  free(identity);
  identity = strbuf_take(&id);
  snprintf(known, sizeof known, "%s", stamp);
  return identity;
}

/* ---- What an object was built from ------------------------------------------------------ */

/* The files a build read, in the order first seen, without repeats. */
typedef struct deps {
  char **paths;
  int n, cap;
} deps;

static void deps_add(deps *d, const char *path) {
  for (int i = 0; i < d->n; i++)
    if (strcmp(d->paths[i], path) == 0) return;
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 32;
    d->paths = realloc(d->paths, (size_t)d->cap * sizeof *d->paths);
    sim_assert(d->paths, "out of memory for a list of dependencies");
  }
  d->paths[d->n] = strdup(path);
  sim_assert(d->paths[d->n], "out of memory for a list of dependencies");
  d->n++;
}

static void deps_free(deps *d) {
  for (int i = 0; i < d->n; i++) free(d->paths[i]);
  free(d->paths);
  memset(d, 0, sizeof *d);
}

/* The hash of what the files hold now (a file that cannot be read counts
 * as changed); false if one cannot be read. */
static bool deps_hash(const deps *d, uint64_t *out) {
  uint64_t h = fnv_offset;
  for (int i = 0; i < d->n; i++) {
    uint64_t content;
    if (!hash_file(d->paths[i], &content)) return false;
    h = fnv(h, d->paths[i]);
    h = fnv_bytes(h, &content, sizeof content);
  }
  *out = h;
  return true;
}

/* The list a manifest names (one path per line after its first line). */
static bool deps_read(const char *manifest, deps *d) {
  FILE *f = fopen(manifest, "r");
  if (!f) return false;
  char line[PATH_MAX + 2];
  bool ok = fgets(line, sizeof line, f) && strcmp(line, "loaderlab-deps 1\n") == 0;
  while (ok && fgets(line, sizeof line, f)) {
    size_t n = strlen(line);
    if (n == 0 || line[n - 1] != '\n') {
      ok = false;
      break;
    }
    line[n - 1] = '\0';
    deps_add(d, line);
  }
  fclose(f);
  if (!ok) deps_free(d);
  return ok;
}

/* Written next to the object and renamed into place, so a reader never
 * sees half of it. */
static bool deps_write(const char *manifest, const deps *d) {
  char tmp[PATH_MAX + 64];
  snprintf(tmp, sizeof tmp, "%s.tmp.%d", manifest, (int)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f) return false;
  fputs("loaderlab-deps 1\n", f);
  for (int i = 0; i < d->n; i++) fprintf(f, "%s\n", d->paths[i]);
  bool ok = fclose(f) == 0 && rename(tmp, manifest) == 0;
  if (!ok) unlink(tmp);
  return ok;
}

/* Reads the headers the compiler opened from its -H report (". path" lines,
 * one dot per level of inclusion) into d, and leaves the rest of the output
 * (warnings, errors) in kept. */
static void split_header_report(const char *out, deps *d, struct strbuf *kept) {
  bool guards_list = false;
  for (const char *line = out; *line;) {
    const char *end = strchr(line, '\n');
    size_t n = end ? (size_t)(end - line) : strlen(line);
    char text[PATH_MAX + 64];
    snprintf(text, sizeof text, "%.*s", (int)(n < sizeof text ? n : sizeof text - 1), line);
    size_t dots = strspn(text, ".");
    char resolved[PATH_MAX];
    if (dots > 0 && text[dots] == ' ') {
      if (realpath(text + dots + 1, resolved)) deps_add(d, resolved);
      else deps_add(d, text + dots + 1);
    } else if (strncmp(text, "Multiple include guards may be useful for:", 42) == 0) {
      guards_list = true;
    } else if (!(guards_list && !strchr(text, ':') && access(text, F_OK) == 0)) {
      guards_list = false;
      strbuf_append(kept, line, n);
      strbuf_puts(kept, "\n");
    }
    line += n;
    if (*line == '\n') line++;
  }
}

/* ---- Calls around the wrap ------------------------------------------------------------- */

static const char *const wrapped_names[] = {
#define WRAPPED_NAME(name) #name,
  WRAPPED(WRAPPED_NAME)
#undef WRAPPED_NAME
};

/* --wrap=X sends the program's calls to X to __wrap_X, and its calls to
 * __real_X to the real X: so the only way the linked object can still
 * need a wrapped name from the C library is a call to __real_X, which
 * goes around the simulator (a real fork, sleep or exit, output or memory
 * the simulator never sees).  Such an object is refused, naming the call;
 * checked on every build, a cached one too, so an object cached before
 * this check existed is refused as well.  False with the reason in err. */
static bool refuse_real_calls(const char *so, const char *what, struct strbuf *err) {
  int fd = open(so, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(ElfW(Ehdr))) {
    strbuf_printf(err, "cannot read %s, just built for %s: %s", so, what, strerror(errno));
    if (fd >= 0) close(fd);
    return false;
  }
  size_t size = (size_t)st.st_size;
  const unsigned char *file = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (file == MAP_FAILED) {
    strbuf_printf(err, "cannot read %s, just built for %s: %s", so, what, strerror(errno));
    return false;
  }
  const ElfW(Ehdr) *eh = (const void *)file;
  bool ok = true;
  if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_shoff > size ||
      (size_t)eh->e_shnum * sizeof(ElfW(Shdr)) > size - eh->e_shoff) {
    strbuf_printf(err, "%s, just built for %s, is not an ELF object the simulator can read; "
                  "delete the build cache (LOADERLAB_CACHE_DIR) and build again", so, what);
    ok = false;
  }
  const ElfW(Shdr) *sh = ok ? (const void *)(file + eh->e_shoff) : NULL;
  for (int i = 0; ok && i < eh->e_shnum; i++) {
    if (sh[i].sh_type != SHT_DYNSYM || sh[i].sh_link >= eh->e_shnum) continue;
    const ElfW(Shdr) *str = &sh[sh[i].sh_link];
    if (sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset || str->sh_offset > size ||
        str->sh_size > size - str->sh_offset)
      continue;
    const ElfW(Sym) *syms = (const void *)(file + sh[i].sh_offset);
    const char *names = (const char *)file + str->sh_offset;
    for (size_t s = 0; ok && s < sh[i].sh_size / sizeof *syms; s++) {
      if (syms[s].st_shndx != SHN_UNDEF || syms[s].st_name >= str->sh_size) continue;
      const char *name = names + syms[s].st_name;
      for (size_t w = 0; w < sizeof wrapped_names / sizeof wrapped_names[0]; w++) {
        if (strnlen(name, str->sh_size - syms[s].st_name) == str->sh_size - syms[s].st_name ||
            strcmp(name, wrapped_names[w]) != 0)
          continue;
        strbuf_printf(err, "%s calls __real_%s, which goes around the simulator to the C library's "
                      "%s: the names __real_* and __wrap_* belong to the simulator; call %s by its "
                      "own name (the simulator then sees the call, or refuses it with a verdict "
                      "that says what to use instead)", what, name, name, name);
        ok = false;
        break;
      }
    }
  }
  munmap((void *)file, size);
  return ok;
}

/* ---- Building -------------------------------------------------------------------------- */

/* The cache holds, for each key (compiler, flags, file names: what is
 * known before compiling), a manifest of every file the last build of it
 * read (its sources, every header the compiler opened, wherever it is, and
 * the objects it linked against), and objects named by the key and the
 * hash of those files' contents.  An object is fresh when the files its
 * key's manifest names still hold what they held: an edited header in any
 * folder, a new compiler or new flags make another object, and a process
 * that loaded the old one can load the new one beside it. */
char *sim__build(const sim_build_spec *spec, struct strbuf *err) {
  const char *cc_env = getenv("CC");
  char cc[1024];
  snprintf(cc, sizeof cc, "%s", cc_env && *cc_env ? cc_env : "cc");
  char *cc_words[sizeof cc / 2];
  int n_cc = split_words(cc, cc_words, (int)(sizeof cc_words / sizeof cc_words[0]));
  if (n_cc == 0) {
    strbuf_printf(err, "CC is set but empty; unset it or name a C compiler");
    return NULL;
  }

  char abs_src[SIM_SOURCES_MAX][PATH_MAX];
  if (spec->n_sources < 1 || spec->n_sources > SIM_SOURCES_MAX) {
    strbuf_printf(err, "%s: needs between 1 and %d source files (SIM_SOURCES_MAX in "
                  "sim/include/loaderlab.h)", spec->what, SIM_SOURCES_MAX);
    return NULL;
  }
  for (int i = 0; i < spec->n_sources; i++) {
    if (!realpath(spec->sources[i], abs_src[i])) {
      strbuf_printf(err, "%s: cannot read source file %s: %s", spec->what, spec->sources[i],
                    strerror(errno));
      return NULL;
    }
  }

  bool instrumented = sim__build_instrumented();
  /* The key: everything known before compiling. */
  uint64_t key = fnv(fnv_offset, compiler_identity(cc_words, n_cc));
  for (int i = 0; i < N_PROGRAM_FLAGS; i++)
    if (instrumented || strcmp(program_flags[i], "-fsanitize=thread")) key = fnv(key, program_flags[i]);
  for (int i = 0; i < N_PROGRAM_LIBRARIES; i++) key = fnv(key, program_libraries[i]);
  key = fnv(key, build_include_dir());
  /* The compiler's own environment changes what it reads and links. */
  const char *compiler_env[] = {"CPATH", "C_INCLUDE_PATH", "LIBRARY_PATH", "GCC_EXEC_PREFIX",
                                "COMPILER_PATH"};
  for (size_t i = 0; i < sizeof compiler_env / sizeof compiler_env[0]; i++) {
    const char *v = getenv(compiler_env[i]);
    key = fnv(fnv(key, compiler_env[i]), v ? v : "");
  }
  /* The name is part of the key: two DLLs built from the same source are
   * two images, mapped apart, as on Windows. */
  key = fnv(key, spec->what);
  for (int i = 0; i < spec->n_sources; i++) key = fnv(key, abs_src[i]);
  for (int i = 0; i < spec->n_include_dirs; i++) key = fnv(key, spec->include_dirs[i]);
  for (int i = 0; i < spec->n_link_objects; i++) key = fnv(key, spec->link_objects[i]);

  char cache[PATH_MAX];
  build_cache_dir(cache, sizeof cache);
  if (mkdirs(cache) != 0) {
    strbuf_printf(err, "cannot create the build cache %s: %s (set LOADERLAB_CACHE_DIR to a "
                  "writable folder)", cache, strerror(errno));
    return NULL;
  }
  char manifest[PATH_MAX + 32], so[PATH_MAX + 64];
  snprintf(manifest, sizeof manifest, "%s/%016llx.deps", cache, (unsigned long long)key);

  /* Fresh: the files the last build read hold what they held then. */
  deps last = {0};
  uint64_t content;
  if (deps_read(manifest, &last) && deps_hash(&last, &content)) {
    snprintf(so, sizeof so, "%s/%016llx-%016llx.so", cache, (unsigned long long)key,
             (unsigned long long)content);
    if (access(so, R_OK) == 0) {
      deps_free(&last);
      return refuse_real_calls(so, spec->what, err) ? strdup(so) : NULL;
    }
  }
  deps_free(&last);

  char tmp[PATH_MAX + 64];
  snprintf(tmp, sizeof tmp, "%s/%016llx.so.tmp.%d", cache, (unsigned long long)key, (int)getpid());
  /* The command line has room for every word of it: $CC, the flags, the
   * include folders, the sources and the link objects, however many. */
  size_t max_args = (size_t)n_cc + N_PROGRAM_FLAGS + 2 + (size_t)spec->n_include_dirs + 2 +
                    (size_t)spec->n_sources + (size_t)spec->n_link_objects + N_PROGRAM_LIBRARIES + 1;
  char **argv = calloc(max_args, sizeof *argv);
  char **owned = calloc((size_t)spec->n_include_dirs + 1, sizeof *owned);
  sim_assert(argv && owned, "out of memory for a compiler command line");
  size_t argc = 0;
  for (int i = 0; i < n_cc; i++) argv[argc++] = cc_words[i];
  for (int i = 0; i < N_PROGRAM_FLAGS; i++)
    if (instrumented || strcmp(program_flags[i], "-fsanitize=thread")) argv[argc++] = (char *)program_flags[i];
  /* -H: the compiler names every header it opens, so the manifest lists
   * exactly what this object was built from. */
  argv[argc++] = "-H";
  sim_assert(asprintf(&owned[0], "-I%s", build_include_dir()) >= 0, "out of memory");
  argv[argc++] = owned[0];
  for (int i = 0; i < spec->n_include_dirs; i++) {
    sim_assert(asprintf(&owned[i + 1], "-I%s", spec->include_dirs[i]) >= 0, "out of memory");
    argv[argc++] = owned[i + 1];
  }
  argv[argc++] = "-o";
  argv[argc++] = tmp;
  for (int i = 0; i < spec->n_sources; i++) argv[argc++] = abs_src[i];
  for (int i = 0; i < spec->n_link_objects; i++) argv[argc++] = (char *)spec->link_objects[i];
  for (int i = 0; i < N_PROGRAM_LIBRARIES; i++) argv[argc++] = (char *)program_libraries[i];
  sim_assert(argc < max_args, "the compiler command line overflowed");
  argv[argc] = NULL;

  struct strbuf out = {0}, messages = {0};
  int rc = run_compiler(argv, &out);
  int spawn_errno = errno;
  deps read = {0};
  for (int i = 0; i < spec->n_sources; i++) deps_add(&read, abs_src[i]);
  split_header_report(strbuf_str(&out), &read, &messages);
  for (int i = 0; i < spec->n_link_objects; i++) deps_add(&read, spec->link_objects[i]);
  if (rc != 0) {
    if (rc < 0)
      strbuf_printf(err, "cannot run the C compiler '%s': %s (install gcc, or set CC)", argv[0],
                    strerror(spawn_errno));
    else
      strbuf_printf(err, "could not compile %s:\n%s", spec->what, strbuf_str(&messages));
  }
  for (int i = 0; i <= spec->n_include_dirs; i++) free(owned[i]);
  free(owned);
  free(argv);
  strbuf_free(&out);
  strbuf_free(&messages);
  char *result = NULL;
  if (rc != 0) {
    unlink(tmp);
  } else if (!deps_hash(&read, &content)) {
    strbuf_printf(err, "%s: a file changed or vanished while it was being compiled; build again",
                  spec->what);
    unlink(tmp);
  } else {
    snprintf(so, sizeof so, "%s/%016llx-%016llx.so", cache, (unsigned long long)key,
             (unsigned long long)content);
    if (rename(tmp, so) != 0 || !deps_write(manifest, &read)) {
      strbuf_printf(err, "cannot write %s: %s", so, strerror(errno));
      unlink(tmp);
    } else if (refuse_real_calls(so, spec->what, err)) {
      result = strdup(so);
    }
  }
  deps_free(&read);
  return result;
}

/* Compiling simulated programs into shared objects (see program.h).
 *
 * The flags below are the whole contract between a simulated program and
 * the simulator:
 * - -I<sim/include> puts the simulator's windows.h in front;
 * - -fvisibility=hidden makes only __declspec(dllexport) functions visible,
 *   so GetProcAddress sees what it would see on Windows;
 * - -fshort-wchar makes L"..." literals 16-bit WCHAR strings;
 * - --wrap routes the C library calls the simulator must see (output,
 *   heap, abort, exit, assert) to the simulator's __wrap_ functions;
 * - -z now and -z norelro resolve every symbol at load time and keep the
 *   writable data in one plain segment, so the data snapshot taken right
 *   after loading is complete and restoring it never faults;
 * - -O0 -g keeps every call where the source has it, so the step a trace
 *   shows is the line a student wrote;
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
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
  X(malloc) X(calloc) X(realloc) X(free) X(strdup) X(strndup)                  \
  X(abort) X(exit) X(_exit) X(__assert_fail) X(rand) X(srand) X(atexit)       \
  X(memcpy) X(memmove) X(memset) X(memcmp) X(strcmp) X(strncmp) X(strlen)      \
  X(strnlen) X(strcpy) X(strncpy) X(strcat) X(strchr) X(strrchr) X(strstr)     \
  X(sprintf) X(snprintf) X(vsprintf) X(vsnprintf)

static const char *const program_flags[] = {
  "-std=gnu11", "-shared", "-fPIC", "-fvisibility=hidden", "-fshort-wchar",
  "-O0", "-g", "-fno-omit-frame-pointer", "-U_FORTIFY_SOURCE",
  "-fno-stack-protector", "-fno-builtin-printf", "-fsanitize=thread", "-nodefaultlibs", "-fno-plt", "-Wall",
  "-Werror=implicit-function-declaration",
  "-Wl,-z,now", "-Wl,-z,norelro", "-Wl,-z,noseparate-code",
#define WRAP_FLAG(name) "-Wl,--wrap=" #name,
  WRAPPED(WRAP_FLAG)
#undef WRAP_FLAG
};
enum { N_PROGRAM_FLAGS = sizeof program_flags / sizeof program_flags[0] };

bool sim__build_instrumented(void) {
  const char *env = getenv("LOADERLAB_INSTRUMENT");
  return !(env && strcmp(env, "0") == 0);
}

static const char *build_include_dir(void) {
  const char *env = getenv("LOADERLAB_INCLUDE_DIR");
  return env && *env ? env : LOADERLAB_SOURCE_DIR "/sim/include";
}

static char cache_dir[PATH_MAX];

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

static const char *build_cache_dir(void) {
  if (cache_dir[0]) return cache_dir;
  const char *env = getenv("LOADERLAB_CACHE_DIR");
  const char *xdg = getenv("XDG_CACHE_HOME");
  const char *home = getenv("HOME");
  if (env && *env) snprintf(cache_dir, sizeof cache_dir, "%s", env);
  else if (xdg && *xdg) snprintf(cache_dir, sizeof cache_dir, "%s/loaderlab", xdg);
  else if (home && *home) snprintf(cache_dir, sizeof cache_dir, "%s/.cache/loaderlab", home);
  else snprintf(cache_dir, sizeof cache_dir, "/tmp/loaderlab-%d", (int)getuid());
  return cache_dir;
}

static uint64_t fnv(uint64_t h, const char *s) {
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
  return (h ^ 0xff) * 1099511628211ULL;
}

static int64_t mtime_ns(const char *path) {
  struct stat st;
  if (stat(path, &st) != 0) return -1;
  return (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

/* Newest header in a folder: a conservative stand-in for the exact list of
 * files the compiler read, which is cheaper than asking the compiler. */
static int64_t newest_header(const char *dir) {
  int64_t newest = 0;
  DIR *d = opendir(dir);
  if (!d) return 0;
  struct dirent *e;
  while ((e = readdir(d))) {
    size_t n = strlen(e->d_name);
    if (n < 3 || strcmp(e->d_name + n - 2, ".h") != 0) continue;
    char *path;
    if (asprintf(&path, "%s/%s", dir, e->d_name) < 0) continue;
    int64_t t = mtime_ns(path);
    free(path);
    if (t > newest) newest = t;
  }
  closedir(d);
  return newest;
}

static void dir_of(const char *path, char *out, size_t size) {
  size_t n = strlen(path);
  if (n >= size) n = size - 1;
  memcpy(out, path, n);
  out[n] = '\0';
  char *slash = strrchr(out, '/');
  if (slash) *slash = '\0';
  else snprintf(out, size, ".");
}

/* Splits $CC ("ccache gcc") into words. */
static int split_words(char *s, char **words, int max) {
  int n = 0;
  for (char *tok = strtok(s, " \t"); tok && n < max; tok = strtok(NULL, " \t")) words[n++] = tok;
  return n;
}

static int run_compiler(char **argv, struct strbuf *out) {
  int pipefd[2];
  if (pipe(pipefd) != 0) return -1;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  posix_spawn_file_actions_addclose(&fa, pipefd[0]);
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

char *sim__build(const sim_build_spec *spec, struct strbuf *err) {
  const char *cc_env = getenv("CC");
  char cc[1024];
  snprintf(cc, sizeof cc, "%s", cc_env && *cc_env ? cc_env : "cc");

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
  uint64_t key = fnv(14695981039346656037ULL, cc);
  for (int i = 0; i < N_PROGRAM_FLAGS; i++)
    if (instrumented || strcmp(program_flags[i], "-fsanitize=thread")) key = fnv(key, program_flags[i]);
  key = fnv(key, "-lc -lgcc");
  key = fnv(key, build_include_dir());
  /* The name is part of the key: two DLLs built from the same source are
   * two images, mapped apart, as on Windows. */
  key = fnv(key, spec->what);
  for (int i = 0; i < spec->n_sources; i++) key = fnv(key, abs_src[i]);
  for (int i = 0; i < spec->n_include_dirs; i++) key = fnv(key, spec->include_dirs[i]);
  for (int i = 0; i < spec->n_link_objects; i++) key = fnv(key, spec->link_objects[i]);

  const char *cache = build_cache_dir();
  if (mkdirs(cache) != 0) {
    strbuf_printf(err, "cannot create the build cache %s: %s (set LOADERLAB_CACHE_DIR to a "
                  "writable folder)", cache, strerror(errno));
    return NULL;
  }
  char so[PATH_MAX + 32];
  snprintf(so, sizeof so, "%s/%016llx.so", cache, (unsigned long long)key);

  /* Fresh if it is newer than every source and every header it could read. */
  int64_t built = mtime_ns(so);
  int64_t newest = newest_header(build_include_dir());
  for (int i = 0; i < spec->n_sources; i++) {
    char dir[PATH_MAX];
    int64_t t = mtime_ns(abs_src[i]);
    if (t > newest) newest = t;
    dir_of(abs_src[i], dir, sizeof dir);
    t = newest_header(dir);
    if (t > newest) newest = t;
  }
  for (int i = 0; i < spec->n_include_dirs; i++) {
    int64_t t = newest_header(spec->include_dirs[i]);
    if (t > newest) newest = t;
  }
  for (int i = 0; i < spec->n_link_objects; i++) {
    int64_t t = mtime_ns(spec->link_objects[i]);
    if (t > newest) newest = t;
  }
  if (built > newest) return strdup(so);

  char tmp[PATH_MAX + 64];
  snprintf(tmp, sizeof tmp, "%s.tmp.%d", so, (int)getpid());
  char ccbuf[1024];
  snprintf(ccbuf, sizeof ccbuf, "%s", cc);
  /* The command line has room for every word of it: $CC, the flags, the
   * include folders, the sources and the link objects, however many. */
  char *ccwords[sizeof ccbuf / 2];
  int n_cc = split_words(ccbuf, ccwords, (int)(sizeof ccwords / sizeof ccwords[0]));
  if (n_cc == 0) {
    strbuf_printf(err, "CC is set but empty; unset it or name a C compiler");
    return NULL;
  }
  size_t max_args = (size_t)n_cc + N_PROGRAM_FLAGS + 1 + (size_t)spec->n_include_dirs + 2 +
                    (size_t)spec->n_sources + (size_t)spec->n_link_objects + 2 + 1;
  char **argv = calloc(max_args, sizeof *argv);
  char **owned = calloc((size_t)spec->n_include_dirs + 1, sizeof *owned);
  sim_assert(argv && owned, "out of memory for a compiler command line");
  size_t argc = 0;
  for (int i = 0; i < n_cc; i++) argv[argc++] = ccwords[i];
  for (int i = 0; i < N_PROGRAM_FLAGS; i++)
    if (instrumented || strcmp(program_flags[i], "-fsanitize=thread")) argv[argc++] = (char *)program_flags[i];
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
  argv[argc++] = "-lc";
  argv[argc++] = "-lgcc";
  sim_assert(argc < max_args, "the compiler command line overflowed");
  argv[argc] = NULL;

  struct strbuf out = {0};
  int rc = run_compiler(argv, &out);
  int spawn_errno = errno;
  if (rc != 0) {
    if (rc < 0)
      strbuf_printf(err, "cannot run the C compiler '%s': %s (install gcc, or set CC)", argv[0],
                    strerror(spawn_errno));
    else
      strbuf_printf(err, "could not compile %s:\n%s", spec->what, strbuf_str(&out));
  }
  for (int i = 0; i <= spec->n_include_dirs; i++) free(owned[i]);
  free(owned);
  free(argv);
  strbuf_free(&out);
  if (rc != 0) {
    unlink(tmp);
    return NULL;
  }
  if (rename(tmp, so) != 0) {
    strbuf_printf(err, "cannot write %s: %s", so, strerror(errno));
    unlink(tmp);
    return NULL;
  }
  return strdup(so);
}

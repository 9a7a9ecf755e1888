/* Source lines for a trace (sim_trace_source_lines): where each call was
 * made, as "driver.c:42", for the viewers' "click a step" details.
 *
 * Simulated programs are compiled with -g (build.c), so their shared
 * objects carry DWARF line tables.  Rather than read DWARF here, the
 * addresses of one image are handed to binutils' addr2line in one batch
 * (it comes with the C compiler's toolchain on Debian).  A return address
 * points just past its call, so the address looked up is one byte before
 * it.  Without addr2line, or for an address with no line, the event keeps
 * only its symbol+offset.
 */
#include "program.h"

#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static sim_image *image_of(const sim_program *p, uintptr_t a) {
  if (sim__image_contains(p->host, a)) return p->host;
  for (int i = 0; i < p->n_dlls; i++)
    if (sim__image_contains(p->dlls[i].image, a)) return p->dlls[i].image;
  return NULL;
}

/* "file.c:42" from an addr2line line "/path/to/file.c:42 (discriminator 3)",
 * or NULL for "??:0" and "??:?". */
static bool parse_line(const char *line, char *out, size_t size) {
  size_t n = strcspn(line, " \n");
  const char *colon = NULL;
  for (const char *c = line; c < line + n; c++)
    if (*c == ':') colon = c;
  if (!colon || colon == line || line[0] == '?' || colon[1] < '1' || colon[1] > '9') return false;
  const char *base = line;
  for (const char *c = line; c < colon; c++)
    if (*c == '/') base = c + 1;
  snprintf(out, size, "%.*s", (int)(line + n - base), base);
  return true;
}

/* Looks up n offsets of one shared object; writes "file.c:42" or "" into
 * lines[i] (each 128 bytes). */
static bool addr2line(const char *so, const uintptr_t *offsets, int n, char (*lines)[128]) {
  char in_name[] = "/tmp/loaderlab-lines-in-XXXXXX", out_name[] = "/tmp/loaderlab-lines-out-XXXXXX";
  int in = mkstemp(in_name), out = mkstemp(out_name);
  if (in < 0 || out < 0) {
    if (in >= 0) close(in), unlink(in_name);
    if (out >= 0) close(out), unlink(out_name);
    return false;
  }
  unlink(in_name);
  unlink(out_name);
  FILE *f = fdopen(dup(in), "w");
  for (int i = 0; f && i < n; i++) fprintf(f, "%#lx\n", (unsigned long)offsets[i]);
  if (f) fclose(f);
  lseek(in, 0, SEEK_SET);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in, 0);
  posix_spawn_file_actions_adddup2(&fa, out, 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", 1, 0);
  char *argv[] = {"addr2line", "-e", (char *)so, NULL};
  pid_t pid;
  bool ok = posix_spawnp(&pid, "addr2line", &fa, NULL, argv, environ) == 0;
  posix_spawn_file_actions_destroy(&fa);
  int status = 0;
  if (ok) {
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  close(in);
  if (ok) {
    lseek(out, 0, SEEK_SET);
    FILE *r = fdopen(out, "r");
    char line[4096];
    for (int i = 0; i < n; i++) {
      lines[i][0] = '\0';
      if (r && fgets(line, sizeof line, r)) parse_line(line, lines[i], sizeof lines[i]);
    }
    if (r) fclose(r);
    else close(out);
  } else {
    close(out);
  }
  return ok;
}

void sim_trace_source_lines(const sim_program *p, sim_result *res) {
  sim_image *images[17];
  int n_images = 0;
  images[n_images++] = p->host;
  for (int i = 0; i < p->n_dlls; i++) images[n_images++] = p->dlls[i].image;
  for (int k = 0; k < n_images; k++) {
    sim_image *im = images[k];
    /* Not dladdr: it reads the image's symbol table, which an unloaded
     * image's protection may have taken away. */
    uintptr_t base = im->base;
    /* The distinct call sites of this image. */
    uintptr_t *offs = malloc((size_t)(res->n_events + 1) * sizeof *offs);
    sim_assert(offs, "out of memory");
    int n = 0;
    for (int i = 0; i < res->n_events; i++) {
      uintptr_t a = (uintptr_t)res->events[i].caller_addr;
      if (!a || image_of(p, a) != im) continue;
      uintptr_t off = a - 1 - base;
      bool seen = false;
      for (int j = 0; j < n && !seen; j++) seen = offs[j] == off;
      if (!seen) offs[n++] = off;
    }
    char (*lines)[128] = n ? calloc((size_t)n, sizeof *lines) : NULL;
    if (n && lines && addr2line(im->path, offs, n, lines)) {
      for (int i = 0; i < res->n_events; i++) {
        uintptr_t a = (uintptr_t)res->events[i].caller_addr;
        if (!a || image_of(p, a) != im) continue;
        for (int j = 0; j < n; j++)
          if (offs[j] == a - 1 - base && lines[j][0]) {
            res->events[i].source = sim__arena_strdup(&res->strings, lines[j]);
            break;
          }
      }
    }
    free(lines);
    free(offs);
  }
}

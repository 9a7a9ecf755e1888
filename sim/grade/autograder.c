/* `loaderlab autograder EXERCISE --platform gradescope -o autograder.zip`:
 * a Gradescope autograder for one exercise.
 *
 * The zip holds, at its root (Gradescope's "Autograder Specifications"):
 *   setup.sh            run once, as root, when Gradescope builds the image:
 *                       installs the compiler, CMake and libseccomp, builds
 *                       loaderlab (build-loaderlab.sh), and makes the kit
 *                       readable by nobody and the hidden scenarios not;
 *   run_autograder      run for every submission: finds the student's file
 *                       under /autograder/submission, grades it, writes
 *                       /autograder/results/results.json;
 *   build-loaderlab.sh  the build step alone (also what the tests run);
 *   loaderlab/          the kit's source tree, without its solutions (any
 *                       folder named solutions), folders named hidden*,
 *                       its other exercises and the Win32 track;
 *   hidden/             the hidden scenarios (with --hidden).
 * loaderlab is built inside the image because the kit compiles its own
 * paths into the binary and Gradescope's image is not this machine's.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run.h"
#include "zip.h"

static const char setup_sh[] =
    "#!/usr/bin/env bash\n"
    "# Gradescope runs this once, as root, when it builds the autograder's image\n"
    "# (written by `loaderlab autograder`; docs/grading.md explains it).\n"
    "set -euo pipefail\n"
    "export DEBIAN_FRONTEND=noninteractive\n"
    "apt-get update -q\n"
    "apt-get install -y -q --no-install-recommends gcc libc6-dev make cmake libseccomp-dev \\\n"
    "  libcriterion-dev python3-pip ca-certificates\n"
    "# loaderlab needs CMake 3.25 or later; Ubuntu 22.04 ships 3.22.\n"
    "if ! cmake --version | awk 'NR == 1 { split($3, v, \".\"); exit !(v[1] > 3 || (v[1] == 3 && v[2] >= 25)) }'; then\n"
    "  python3 -m pip install -q 'cmake>=3.25'\n"
    "  hash -r\n"
    "fi\n"
    "sh /autograder/source/build-loaderlab.sh /autograder/source/loaderlab\n"
    "# Student code runs as nobody: it may read the kit, never the hidden scenarios.\n"
    "chmod 755 /autograder /autograder/source\n"
    "chmod -R a+rX /autograder/source/loaderlab\n"
    "if [ -d /autograder/source/hidden ]; then\n"
    "  chown -R root:root /autograder/source/hidden\n"
    "  chmod -R go-rwx /autograder/source/hidden\n"
    "fi\n";

static const char build_sh[] =
    "#!/bin/sh\n"
    "# Builds the loaderlab executable in the kit's tree given as $1 (setup.sh\n"
    "# runs it in Gradescope's image; loaderlab's tests run it too).\n"
    "set -eu\n"
    "cd \"$1\"\n"
    "cmake --preset default >/dev/null\n"
    "cmake --build --preset default --target loaderlab -j \"$(nproc)\" >/dev/null\n"
    "test -x build/default/sim/loaderlab\n";

/* run_autograder, with @EXERCISE@, @SOURCE@ and @HIDDEN@ filled in. */
static const char run_autograder[] =
    "#!/bin/sh\n"
    "# Gradescope runs this for every submission, as root, in /autograder\n"
    "# (written by `loaderlab autograder`; docs/grading.md explains it).\n"
    "# AUTOGRADER_ROOT and LOADERLAB let loaderlab's tests run it elsewhere.\n"
    "set -u\n"
    "root=\"${AUTOGRADER_ROOT:-/autograder}\"\n"
    "kit=\"$root/source/loaderlab\"\n"
    "loaderlab=\"${LOADERLAB:-$kit/build/default/sim/loaderlab}\"\n"
    "exercise='@EXERCISE@'\n"
    "want='@SOURCE@'\n"
    "hidden='@HIDDEN@'\n"
    "results=\"$root/results/results.json\"\n"
    "mkdir -p \"$root/results\"\n"
    "\n"
    "# Only the text below reaches the student if grading cannot start.\n"
    "give_up() {\n"
    "  printf '{\"score\": 0, \"output\": \"%s\", \"output_format\": \"text\", \"tests\": []}\\n' \"$1\" >\"$results\"\n"
    "  exit 0\n"
    "}\n"
    "\n"
    "# The student's file: the one named as the exercise's DLL source, or else\n"
    "# the only .c file of the submission.\n"
    "file=$(find \"$root/submission\" -type f -name \"$want\" 2>/dev/null | LC_ALL=C sort | head -n 1)\n"
    "if [ -z \"$file\" ]; then\n"
    "  count=$(find \"$root/submission\" -type f -name '*.c' 2>/dev/null | wc -l)\n"
    "  [ \"$count\" -eq 1 ] && file=$(find \"$root/submission\" -type f -name '*.c')\n"
    "fi\n"
    "[ -n \"$file\" ] || give_up \"No $want in your submission: upload your fixed $want.\"\n"
    "\n"
    "cd \"$kit\" || give_up \"The autograder is not set up (no $kit); tell your instructor.\"\n"
    "set -- grade \"$exercise\" \"$file\" --format gradescope -o \"$results\" --jobs \"$(nproc)\"\n"
    "[ -z \"$hidden\" ] || set -- \"$@\" --hidden \"$root/source/hidden\"\n"
    "\"$loaderlab\" \"$@\" || give_up \"The autograder could not grade this submission; your instructor can see why.\"\n";

typedef struct walk {
  grade_zip *zip;
  const char *exercise_rel;       /* the exercise, relative to the source tree, or NULL */
  const char *skip_abs[2];        /* the hidden folder and the output, if inside the tree */
  struct strbuf *err;
  bool ok;
} walk;

static bool add_file(grade_zip *z, const char *path, const char *name, unsigned mode, struct strbuf *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    strbuf_printf(err, "cannot read %s: %s", path, strerror(errno));
    return false;
  }
  struct strbuf data = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_append(&data, buf, n);
  bool ok = !ferror(f);
  fclose(f);
  if (!ok) strbuf_printf(err, "cannot read %s", path);
  else grade_zip_add(z, name, data.data ? data.data : "", data.len, mode);
  strbuf_free(&data);
  return ok;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* What of the kit's tree a grading image needs. */
static bool wanted(const walk *w, const char *rel, const char *base, const char *abs) {
  /* Reference fixes, and anything kept in a folder named hidden*, stay
   * out of the image student code runs in. */
  if (base[0] == '.' || strcmp(base, "solutions") == 0 || strncmp(base, "hidden", 6) == 0) return false;
  if (!strchr(rel, '/') && (strncmp(base, "build", 5) == 0 || strcmp(base, "win32") == 0)) return false;
  for (int i = 0; i < 2; i++)
    if (w->skip_abs[i] && strcmp(abs, w->skip_abs[i]) == 0) return false;
  /* Of the exercises, only this one. */
  if (strncmp(rel, "exercises/", 10) == 0 && !strchr(rel + 10, '/')) {
    size_t n = strlen(rel);
    return w->exercise_rel && strncmp(w->exercise_rel, rel, n) == 0 &&
           (w->exercise_rel[n] == '\0' || w->exercise_rel[n] == '/');
  }
  size_t n = strlen(base);
  return !(n > 4 && strcmp(base + n - 4, ".zip") == 0);
}

/* Adds a folder's files under zip_prefix: the kit's tree through the
 * `wanted` filter, others whole; private_modes keeps them the owner's. */
static void walk_dir(walk *w, const char *abs_dir, const char *rel_dir, const char *zip_prefix, bool filter,
                     bool private_modes) {
  DIR *d = opendir(abs_dir);
  if (!d) {
    strbuf_printf(w->err, "cannot read %s: %s", abs_dir, strerror(errno));
    w->ok = false;
    return;
  }
  char *names[4096];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 4096)
    if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], by_name);
  for (int i = 0; i < n && w->ok; i++) {
    char abs[PATH_MAX], rel[PATH_MAX], name[PATH_MAX + 64];
    snprintf(abs, sizeof abs, "%s/%s", abs_dir, names[i]);
    snprintf(rel, sizeof rel, "%s%s%s", rel_dir, *rel_dir ? "/" : "", names[i]);
    snprintf(name, sizeof name, "%s/%s", zip_prefix, rel);
    struct stat st;
    if (lstat(abs, &st) != 0 || S_ISLNK(st.st_mode)) continue;
    if (filter && !wanted(w, rel, names[i], abs)) continue;
    if (S_ISDIR(st.st_mode)) walk_dir(w, abs, rel, zip_prefix, filter, private_modes);
    else if (S_ISREG(st.st_mode)) {
      unsigned mode = (st.st_mode & 0111) ? 0755 : 0644;
      if (private_modes) mode &= 0700;
      w->ok = add_file(w->zip, abs, name, mode, w->err);
    }
  }
  for (int i = 0; i < n; i++) free(names[i]);
}

static char *fill(const char *template, const char *exercise, const char *source, const char *hidden) {
  struct strbuf b = {0};
  for (const char *p = template; *p;) {
    if (strncmp(p, "@EXERCISE@", 10) == 0) strbuf_puts(&b, exercise), p += 10;
    else if (strncmp(p, "@SOURCE@", 8) == 0) strbuf_puts(&b, source), p += 8;
    else if (strncmp(p, "@HIDDEN@", 8) == 0) strbuf_puts(&b, hidden), p += 8;
    else strbuf_append(&b, p++, 1);
  }
  return strbuf_take(&b);
}

/* A word safe between single quotes in sh. */
static bool shell_safe(const char *s) {
  for (; *s; s++)
    if (*s == '\'' || *s == '\n') return false;
  return true;
}

static int usage(const char *fmt, const char *arg) {
  fputs("loaderlab: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nusage:\n  loaderlab autograder EXERCISE --platform gradescope -o autograder.zip [--hidden DIR]\n", stderr);
  return 2;
}

int grade_autograder_main(int argc, char **argv) {
  const char *exercise = NULL, *platform = NULL, *output = NULL, *hidden = NULL;
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--platform") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0 ||
        strcmp(a, "--hidden") == 0) {
      if (!v) return usage("%s needs a value", a);
      i++;
      if (strcmp(a, "--platform") == 0) platform = v;
      else if (strcmp(a, "--hidden") == 0) hidden = v;
      else output = v;
    } else if (a[0] == '-') {
      return usage("unknown option %s", a);
    } else if (!exercise) {
      exercise = a;
    } else {
      return usage("unexpected argument %s", a);
    }
  }
  if (!exercise) return usage("%s", "autograder needs an exercise");
  if (!platform || strcmp(platform, "gradescope") != 0)
    return usage("--platform %s: the autograder zip is Gradescope's (docs/grading.md shows the GitHub Classroom "
                 "and PrairieLearn setups, which need no zip)", platform ? platform : "is missing:");
  if (!output) return usage("%s", "give -o autograder.zip");

  grade_manifest m;
  struct strbuf err = {0};
  if (!grade_manifest_load(exercise, hidden, &m, &err)) {
    fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
    strbuf_free(&err);
    return 2;
  }
  char source_abs[PATH_MAX], output_abs[PATH_MAX + 1];
  if (!realpath(LOADERLAB_SOURCE_DIR, source_abs)) snprintf(source_abs, sizeof source_abs, "%s", LOADERLAB_SOURCE_DIR);
  /* The output's absolute path, to keep it out of the tree it may sit in. */
  char out_dir[PATH_MAX];
  snprintf(out_dir, sizeof out_dir, "%s", output);
  char *slash = strrchr(out_dir, '/');
  const char *out_base = slash ? slash + 1 : output;
  if (slash) *slash = '\0';
  char resolved[PATH_MAX];
  if (!realpath(slash ? (*out_dir ? out_dir : "/") : ".", resolved)) {
    fprintf(stderr, "loaderlab: cannot write %s: its folder does not exist\n", output);
    grade_manifest_free(&m);
    return 2;
  }
  snprintf(output_abs, sizeof output_abs, "%s/%s", resolved, out_base);

  size_t sn = strlen(source_abs);
  bool inside = strncmp(m.exercise_dir, source_abs, sn) == 0 && m.exercise_dir[sn] == '/';
  const char *rel = inside ? m.exercise_dir + sn + 1 : NULL;
  char ex_arg[PATH_MAX], ex_rel_outside[PATH_MAX];
  if (rel && strncmp(rel, "exercises/", 10) == 0 && strcmp(rel + 10, m.exercise) == 0)
    snprintf(ex_arg, sizeof ex_arg, "%s", m.exercise);
  else if (rel)
    snprintf(ex_arg, sizeof ex_arg, "%s", rel);
  else
    snprintf(ex_arg, sizeof ex_arg, "exercises/%s", m.exercise);
  snprintf(ex_rel_outside, sizeof ex_rel_outside, "exercises/%s", m.exercise);
  char source_name[256];
  snprintf(source_name, sizeof source_name, "%.*s.c", (int)(strlen(m.submission_dll) - 4), m.submission_dll);
  if (!shell_safe(ex_arg) || !shell_safe(source_name)) {
    fprintf(stderr, "loaderlab: the exercise's name or path holds a quote or a newline\n");
    grade_manifest_free(&m);
    return 2;
  }

  grade_zip z = {0};
  char *setup = strdup(setup_sh);
  char *run = fill(run_autograder, ex_arg, source_name, m.hidden_dir ? "hidden" : "");
  grade_zip_add(&z, "setup.sh", setup, strlen(setup), 0755);
  grade_zip_add(&z, "run_autograder", run, strlen(run), 0755);
  grade_zip_add(&z, "build-loaderlab.sh", build_sh, strlen(build_sh), 0755);
  free(setup);
  free(run);
  walk w = {&z, rel ? rel : ex_rel_outside, {m.hidden_dir, output_abs}, &err, true};
  walk_dir(&w, source_abs, "", "loaderlab", true, false);
  /* An exercise from outside the kit goes under exercises/, by name. */
  char prefix[PATH_MAX];
  snprintf(prefix, sizeof prefix, "loaderlab/exercises/%s", m.exercise);
  if (w.ok && !rel) walk_dir(&w, m.exercise_dir, "", prefix, false, false);
  if (w.ok && m.hidden_dir) walk_dir(&w, m.hidden_dir, "", "hidden", false, true);
  int status = 0;
  if (!w.ok) {
    fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
    status = 2;
  } else if (z.entries > 65535 || z.data.len > 0xF0000000u) {
    fprintf(stderr, "loaderlab: the autograder would be too large for a zip without ZIP64\n");
    status = 2;
  } else {
    grade_zip_finish(&z);
    if (!grade_write_file(output, z.data.data, z.data.len, &err)) {
      fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
      status = 2;
    } else {
      printf("wrote %s: a Gradescope autograder for %s (%d files%s); upload it as the assignment's "
             "autograder (docs/grading.md)\n",
             output, m.exercise, z.entries, m.hidden_dir ? ", hidden scenarios included" : "");
    }
  }
  grade_zip_free(&z);
  strbuf_free(&err);
  grade_manifest_free(&m);
  return status;
}

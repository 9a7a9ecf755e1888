/* A grade scenario's program: its scenario.txt read as `loaderlab explore`
 * reads it, plus what grading adds.
 *
 * A hidden scenario lives outside the exercise folder, so its paths cannot
 * reach the exercise's files or the shared runtime by a relative path that
 * holds on every machine.  A path that starts with ${EXERCISE}/ or
 * ${LOADERLAB}/ stands for the exercise folder or the loaderlab source
 * tree; the grader substitutes them after reading the file (scenario.txt
 * joins every path to the scenario folder, so the token sits in the
 * middle of the joined path, and everything up to it is dropped).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grade_internal.h"

const char *grade_include_dir(void) {
  const char *env = getenv("LOADERLAB_INCLUDE_DIR");
  return env && *env ? env : LOADERLAB_SOURCE_DIR "/sim/include";
}

static const char exercise_token[] = "${EXERCISE}/";
static const char source_token[] = "${LOADERLAB}/";

/* The same file or folder reached from two scenario folders is one path,
 * so its compiled image is one cache entry, built once per submission. */
static void canonical(char **path) {
  char resolved[PATH_MAX];
  if (!realpath(*path, resolved)) return;
  free(*path);
  *path = strdup(resolved);
  if (!*path) abort();
}

static void substitute(char **path, const char *exercise_dir) {
  const char *t = strstr(*path, exercise_token);
  const char *root = exercise_dir;
  size_t skip = sizeof exercise_token - 1;
  if (!t) {
    t = strstr(*path, source_token);
    root = LOADERLAB_SOURCE_DIR;
    skip = sizeof source_token - 1;
  }
  if (!t) return;
  char *p;
  if (asprintf(&p, "%s/%s", root, t + skip) < 0) abort();
  free(*path);
  *path = p;
}

bool grade_spec_load(const char *scenario_dir, const char *exercise_dir, const char *student_dll,
                     const char *student_source, sim_program_spec *spec, struct strbuf *err) {
  if (!sim_scenario_load(scenario_dir, spec, err)) return false;
  for (int i = 0; i < spec->n_host_sources; i++) {
    substitute(&spec->host_sources[i], exercise_dir);
    canonical(&spec->host_sources[i]);
  }
  for (int i = 0; i < spec->n_include_dirs; i++) {
    substitute(&spec->include_dirs[i], exercise_dir);
    canonical(&spec->include_dirs[i]);
  }
  for (int d = 0; d < spec->n_dlls; d++)
    for (int i = 0; i < spec->dlls[d].n_sources; i++) {
      substitute(&spec->dlls[d].sources[i], exercise_dir);
      canonical(&spec->dlls[d].sources[i]);
    }
  if (!spec->student_dll || strcasecmp(spec->student_dll, student_dll) != 0) {
    strbuf_printf(err, "%s/scenario.txt: its student line must name %s, the submission grade.txt "
                  "declares (write: student %s)", scenario_dir, student_dll, student_dll);
    sim_spec_free(spec);
    return false;
  }
  if (student_source && !sim_spec_replace_student(spec, student_source, err)) {
    sim_spec_free(spec);
    return false;
  }
  return true;
}

static int dll_index(const sim_program_spec *spec, const char *name) {
  for (int i = 0; i < spec->n_dlls; i++)
    if (strcasecmp(spec->dlls[i].name, name) == 0) return i;
  return -1;
}

bool grade_spec_student_dependents(const sim_program_spec *spec, bool deps[16]) {
  memset(deps, 0, 16 * sizeof deps[0]);
  int student = dll_index(spec, spec->student_dll);
  if (student >= 0) deps[student] = true;
  /* A fixed point: at most n_dlls rounds, each adding one DLL or stopping. */
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < spec->n_dlls; i++) {
      if (deps[i]) continue;
      for (int k = 0; k < spec->dlls[i].n_imports; k++) {
        int j = dll_index(spec, spec->dlls[i].imports[k]);
        if (j >= 0 && deps[j]) {
          deps[i] = changed = true;
          break;
        }
      }
    }
  }
  for (int k = 0; k < spec->n_host_imports; k++) {
    int j = dll_index(spec, spec->host_imports[k]);
    if (j >= 0 && deps[j]) return true;
  }
  return false;
}

bool grade_spec_order(const sim_program_spec *spec, int order[16], struct strbuf *err) {
  bool placed[16] = {0};
  int n = 0;
  for (int pass = 0; pass < spec->n_dlls; pass++) {
    for (int i = 0; i < spec->n_dlls; i++) {
      if (placed[i]) continue;
      bool ready = true;
      for (int k = 0; k < spec->dlls[i].n_imports; k++) {
        int j = dll_index(spec, spec->dlls[i].imports[k]);
        if (j >= 0 && !placed[j]) ready = false;
      }
      if (ready) {
        placed[i] = true;
        order[n++] = i;
      }
    }
  }
  if (n < spec->n_dlls) {
    strbuf_printf(err, "%s: the DLL imports form a cycle", spec->name);
    return false;
  }
  return true;
}

/* Reading scenario manifests and turning a program description into loaded
 * images (see loaderlab.h).  Errors name the file and line and say what to
 * write instead, because the people who see them are writing exercises. */
#include "program.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


const char *const sim_default_scenario = "sample/driver-unload";

static char *dupstr(const char *s) {
  char *p = strdup(s);
  sim_assert(p, "out of memory");
  return p;
}

static char *join(const char *dir, const char *file) {
  if (file[0] == '/' || !dir) return dupstr(file);
  char *p;
  sim_assert(asprintf(&p, "%s/%s", dir, file) >= 0, "out of memory");
  return p;
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Where a scenario name points: a folder path, sample/NAME, or
 * EXERCISE/SCENARIO under exercises/. */
static char *resolve(const char *name) {
  char *path;
  char manifest[PATH_MAX];
  snprintf(manifest, sizeof manifest, "%s/scenario.txt", name);
  if (access(manifest, R_OK) == 0) return dupstr(name);
  if (strncmp(name, "sample/", 7) == 0) {
    sim_assert(asprintf(&path, "%s/sim/samples/%s", LOADERLAB_SOURCE_DIR, name + 7) >= 0,
               "out of memory");
    return path;
  }
  const char *slash = strchr(name, '/');
  if (slash && !strchr(slash + 1, '/')) {
    sim_assert(asprintf(&path, "%s/exercises/%.*s/scenarios/%s", LOADERLAB_SOURCE_DIR,
                        (int)(slash - name), name, slash + 1) >= 0,
               "out of memory");
    return path;
  }
  return dupstr(name);
}

static sim_dll_spec *find_dll(sim_program_spec *spec, const char *name) {
  for (int i = 0; i < spec->n_dlls; i++)
    if (strcasecmp(spec->dlls[i].name, name) == 0) return &spec->dlls[i];
  return NULL;
}

static bool valid_dll_name(const char *name) {
  size_t n = strlen(name);
  return n > 4 && strcasecmp(name + n - 4, ".dll") == 0 && !strchr(name, '/') &&
         !strchr(name, '\\');
}

bool sim_scenario_load(const char *name, sim_program_spec *spec, struct strbuf *err) {
  memset(spec, 0, sizeof *spec);
  char *dir = resolve(name);
  char manifest[PATH_MAX];
  snprintf(manifest, sizeof manifest, "%s/scenario.txt", dir);
  FILE *f = fopen(manifest, "r");
  if (!f) {
    strbuf_printf(err, "no scenario \"%s\" (looked for %s: %s); `loaderlab list` shows the "
                  "scenarios there are", name, manifest, strerror(errno));
    free(dir);
    return false;
  }
  spec->name = dupstr(name);
  spec->dir = dir;
  char line[4096];
  int lineno = 0;
  bool ok = true;
  while (ok && fgets(line, sizeof line, f)) {
    lineno++;
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *words[24];
    int n = 0;
    for (char *tok = strtok(line, " \t\r\n"); tok && n < 24; tok = strtok(NULL, " \t\r\n"))
      words[n++] = tok;
    if (n == 0) continue;
#define BAD(...)                                              \
  do {                                                        \
    strbuf_printf(err, "%s:%d: ", manifest, lineno);          \
    strbuf_printf(err, __VA_ARGS__);                          \
    ok = false;                                               \
  } while (0)
    if (strcmp(words[0], "description") == 0) {
      struct strbuf d = {0};
      for (int i = 1; i < n; i++) strbuf_printf(&d, "%s%s", i > 1 ? " " : "", words[i]);
      free(spec->description);
      spec->description = strbuf_take(&d);
    } else if (strcmp(words[0], "host") == 0) {
      if (n < 2 || n - 1 > SIM_SOURCES_MAX) BAD("write: host FILE.c [MORE.c ...]");
      else
        for (int i = 1; i < n; i++) spec->host_sources[spec->n_host_sources++] = join(dir, words[i]);
    } else if (strcmp(words[0], "dll") == 0) {
      if (n < 3 || n - 2 > SIM_SOURCES_MAX) BAD("write: dll NAME.dll FILE.c [MORE.c ...]");
      else if (!valid_dll_name(words[1])) BAD("\"%s\" is not a DLL name (write NAME.dll)", words[1]);
      else if (find_dll(spec, words[1])) BAD("%s is declared twice", words[1]);
      else if (spec->n_dlls == 16) BAD("at most 16 DLLs per scenario");
      else {
        sim_dll_spec *d = &spec->dlls[spec->n_dlls++];
        d->name = dupstr(words[1]);
        for (int i = 2; i < n; i++) d->sources[d->n_sources++] = join(dir, words[i]);
      }
    } else if (strcmp(words[0], "import") == 0) {
      sim_dll_spec *d = n >= 3 ? find_dll(spec, words[1]) : NULL;
      if (n < 3) BAD("write: import NAME.dll IMPORTED.dll [...] (after both dll lines)");
      else if (!d) BAD("import: %s is not declared by a dll line above", words[1]);
      else
        for (int i = 2; i < n && ok; i++) {
          if (!find_dll(spec, words[i])) BAD("import: %s is not declared by a dll line above", words[i]);
          else if (d->n_imports == 8) BAD("at most 8 imports per DLL");
          else d->imports[d->n_imports++] = dupstr(words[i]);
        }
    } else if (strcmp(words[0], "host-import") == 0) {
      for (int i = 1; i < n && ok; i++) {
        if (!find_dll(spec, words[i])) BAD("host-import: %s is not declared by a dll line above", words[i]);
        else if (spec->n_host_imports == 8) BAD("at most 8 host imports");
        else spec->host_imports[spec->n_host_imports++] = dupstr(words[i]);
      }
    } else if (strcmp(words[0], "include") == 0) {
      for (int i = 1; i < n && ok; i++) {
        if (spec->n_include_dirs == 8) BAD("at most 8 include folders");
        else spec->include_dirs[spec->n_include_dirs++] = join(dir, words[i]);
      }
    } else if (strcmp(words[0], "student") == 0) {
      if (n != 2 || !find_dll(spec, words[1])) BAD("write: student NAME.dll (a DLL declared above)");
      else spec->student_dll = dupstr(words[1]);
    } else if (strcmp(words[0], "steps-max") == 0) {
      char *end;
      unsigned long long v = n == 2 ? strtoull(words[1], &end, 10) : 0;
      if (n != 2 || *end || v == 0) BAD("write: steps-max N (a positive number)");
      else spec->steps_max = v;
    } else if (strcmp(words[0], "expect") == 0 || strcmp(words[0], "fixed") == 0) {
      /* Read by the test suite, not by the simulator. */
    } else {
      BAD("unknown keyword \"%s\" (expected description, host, dll, import, host-import, "
          "include, student or steps-max)", words[0]);
    }
#undef BAD
  }
  fclose(f);
  if (ok && spec->n_host_sources == 0) {
    strbuf_printf(err, "%s: no host line (write: host FILE.c)", manifest);
    ok = false;
  }
  if (!ok) sim_spec_free(spec);
  return ok;
}

bool sim_spec_set_host(sim_program_spec *spec, const char *file, struct strbuf *err) {
  if (access(file, R_OK) != 0) {
    strbuf_printf(err, "--host %s: cannot read it: %s", file, strerror(errno));
    return false;
  }
  for (int i = 0; i < spec->n_host_sources; i++) free(spec->host_sources[i]);
  spec->host_sources[0] = dupstr(file);
  spec->n_host_sources = 1;
  if (!spec->name) spec->name = dupstr("ad-hoc");
  return true;
}

static bool set_dll_file(sim_dll_spec *d, const char *file, struct strbuf *err, const char *opt) {
  if (access(file, R_OK) != 0) {
    strbuf_printf(err, "%s %s: cannot read it: %s", opt, file, strerror(errno));
    return false;
  }
  /* The first source is the DLL's own; the rest (a shared runtime) stay. */
  free(d->sources[0]);
  d->sources[0] = dupstr(file);
  if (d->n_sources == 0) d->n_sources = 1;
  return true;
}

bool sim_spec_add_dll(sim_program_spec *spec, const char *arg, struct strbuf *err) {
  const char *eq = strchr(arg, '=');
  if (!eq || eq == arg || !eq[1]) {
    strbuf_printf(err, "--dll %s: write --dll NAME.dll=FILE.c (or, with a scenario, --dll FILE.c)", arg);
    return false;
  }
  char name[256];
  snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
  if (!valid_dll_name(name)) {
    strbuf_printf(err, "--dll %s: \"%s\" is not a DLL name (write NAME.dll=FILE.c)", arg, name);
    return false;
  }
  sim_dll_spec *d = find_dll(spec, name);
  if (!d) {
    if (spec->n_dlls == 16) {
      strbuf_printf(err, "--dll %s: at most 16 DLLs", arg);
      return false;
    }
    d = &spec->dlls[spec->n_dlls++];
    d->name = dupstr(name);
  }
  return set_dll_file(d, eq + 1, err, "--dll");
}

bool sim_spec_replace_student(sim_program_spec *spec, const char *file, struct strbuf *err) {
  const char *name = spec->student_dll;
  if (!name && spec->n_dlls == 1) name = spec->dlls[0].name;
  if (!name) {
    strbuf_printf(err, "--dll %s: scenario %s has several DLLs and names no student DLL; write "
                  "--dll NAME.dll=%s", file, spec->name, file);
    return false;
  }
  return set_dll_file(find_dll(spec, name), file, err, "--dll");
}

void sim_spec_free(sim_program_spec *spec) {
  free(spec->name);
  free(spec->description);
  free(spec->dir);
  for (int i = 0; i < spec->n_host_sources; i++) free(spec->host_sources[i]);
  for (int i = 0; i < spec->n_dlls; i++) {
    free(spec->dlls[i].name);
    for (int k = 0; k < spec->dlls[i].n_sources; k++) free(spec->dlls[i].sources[k]);
    for (int k = 0; k < spec->dlls[i].n_imports; k++) free(spec->dlls[i].imports[k]);
  }
  for (int i = 0; i < spec->n_host_imports; i++) free(spec->host_imports[i]);
  for (int i = 0; i < spec->n_include_dirs; i++) free(spec->include_dirs[i]);
  free(spec->student_dll);
  memset(spec, 0, sizeof *spec);
}

/* ---- Building ---------------------------------------------------------------------- */

static int dll_index(const sim_program_spec *spec, const char *name) {
  for (int i = 0; i < spec->n_dlls; i++)
    if (strcasecmp(spec->dlls[i].name, name) == 0) return i;
  return -1;
}

/* Orders DLLs so that each comes after what it imports; false on a cycle. */
static bool order_dlls(const sim_program_spec *spec, int *order, struct strbuf *err) {
  int state[16] = {0}, n = 0;
  for (int pass = 0; pass < spec->n_dlls; pass++) {
    for (int i = 0; i < spec->n_dlls; i++) {
      if (state[i]) continue;
      bool ready = true;
      for (int k = 0; k < spec->dlls[i].n_imports; k++)
        if (!state[dll_index(spec, spec->dlls[i].imports[k])]) ready = false;
      if (ready) {
        state[i] = 1;
        order[n++] = i;
      }
    }
  }
  if (n < spec->n_dlls) {
    strbuf_printf(err, "%s: the DLL imports form a cycle; Windows can load that, the simulator "
                  "cannot (break the cycle with LoadLibrary)", spec->name);
    return false;
  }
  return true;
}

sim_program *sim_program_build(const sim_program_spec *spec, struct strbuf *err) {
  if (spec->n_host_sources == 0) {
    strbuf_printf(err, "no host program: give a scenario or --host FILE.c");
    return NULL;
  }
  int order[16];
  if (!order_dlls(spec, order, err)) return NULL;
  sim_program *p = calloc(1, sizeof *p);
  if (p) p->instrumented = sim__build_instrumented();
  sim_assert(p, "out of memory for a program");
  p->name = dupstr(spec->name ? spec->name : "ad-hoc");
  p->n_dlls = spec->n_dlls;
  char *so[16] = {0};
  const char *incs[8];
  for (int i = 0; i < spec->n_include_dirs; i++) incs[i] = spec->include_dirs[i];

  for (int k = 0; k < spec->n_dlls; k++) {
    int i = order[k];
    const sim_dll_spec *d = &spec->dlls[i];
    if (d->n_sources == 0) {
      strbuf_printf(err, "%s has no source file", d->name);
      goto fail;
    }
    const char *links[8];
    for (int m = 0; m < d->n_imports; m++) links[m] = so[dll_index(spec, d->imports[m])];
    sim_build_spec b = {(const char *const *)d->sources, d->n_sources, incs, spec->n_include_dirs,
                        d->name, links, d->n_imports};
    so[i] = sim__build(&b, err);
    if (!so[i]) goto fail;
    p->dlls[i].name = dupstr(d->name);
    p->dlls[i].n_imports = d->n_imports;
    for (int m = 0; m < d->n_imports; m++) p->dlls[i].imports[m] = dll_index(spec, d->imports[m]);
    p->dlls[i].image = sim__image_open(d->name, so[i], err);
    if (!p->dlls[i].image) goto fail;
  }
  {
    const char *links[8];
    for (int m = 0; m < spec->n_host_imports; m++) {
      int i = dll_index(spec, spec->host_imports[m]);
      links[m] = so[i];
      p->host_imports[p->n_host_imports++] = i;
    }
    sim_build_spec b = {(const char *const *)spec->host_sources, spec->n_host_sources, incs,
                        spec->n_include_dirs, "the host program", links, spec->n_host_imports};
    char *host_so = sim__build(&b, err);
    if (!host_so) goto fail;
    p->host = sim__image_open("host.exe", host_so, err);
    free(host_so);
    if (!p->host) goto fail;
    if (!p->host->entry_main) {
      strbuf_printf(err, "the host program has no main function (write int main(void))");
      goto fail;
    }
  }
  for (int i = 0; i < 16; i++) free(so[i]);
  return p;
fail:
  for (int i = 0; i < 16; i++) free(so[i]);
  sim_program_free(p);
  return NULL;
}

void sim_program_free(sim_program *p) {
  if (!p) return;
  sim__image_close(p->host);
  for (int i = 0; i < p->n_dlls; i++) {
    free(p->dlls[i].name);
    sim__image_close(p->dlls[i].image);
  }
  free(p->name);
  free(p);
}

/* ---- Listing ------------------------------------------------------------------------ */

static void visit_dir(const char *root, const char *prefix, const char *sub, sim_scenario_visit visit,
                      void *ctx) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s", root);
  DIR *d = opendir(path);
  if (!d) return;
  struct dirent *e;
  char *names[256];
  int n = 0;
  while ((e = readdir(d)) && n < 256)
    if (e->d_name[0] != '.') names[n++] = dupstr(e->d_name);
  closedir(d);
  for (int i = 0; i < n; i++)
    for (int k = i + 1; k < n; k++)
      if (strcmp(names[k], names[i]) < 0) {
        char *t = names[i];
        names[i] = names[k];
        names[k] = t;
      }
  for (int i = 0; i < n; i++) {
    char dir[PATH_MAX];
    if (sub) {
      snprintf(dir, sizeof dir, "%s/%s/%s", root, names[i], sub);
      char pre[PATH_MAX];
      snprintf(pre, sizeof pre, "%s/", names[i]);
      if (is_dir(dir)) visit_dir(dir, pre, NULL, visit, ctx);
    } else {
      snprintf(dir, sizeof dir, "%s/%s", root, names[i]);
      char name[PATH_MAX];
      snprintf(name, sizeof name, "%s%s", prefix, names[i]);
      sim_program_spec spec;
      struct strbuf err = {0};
      if (sim_scenario_load(dir, &spec, &err)) {
        visit(name, spec.description ? spec.description : "", ctx);
        sim_spec_free(&spec);
      }
      strbuf_free(&err);
    }
    free(names[i]);
  }
}

void sim_scenarios_list(sim_scenario_visit visit, void *ctx) {
  visit_dir(LOADERLAB_SOURCE_DIR "/sim/samples", "sample/", NULL, visit, ctx);
  visit_dir(LOADERLAB_SOURCE_DIR "/exercises", "", "scenarios", visit, ctx);
}

const char *sim_program_name(const sim_program *p) { return p->name; }
int sim_program_dll_protections(const sim_program *p, int index) {
  return index >= 0 && index < p->n_dlls ? p->dlls[index].image->protect_count : 0;
}

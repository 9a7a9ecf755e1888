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

/* The exercises folder: LOADERLAB_EXERCISES_DIR, or exercises/ in the
 * source tree. */
static const char *exercises_dir(void) {
  const char *e = getenv("LOADERLAB_EXERCISES_DIR");
  return e && *e ? e : LOADERLAB_SOURCE_DIR "/exercises";
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
    sim_assert(asprintf(&path, "%s/%.*s/scenarios/%s", exercises_dir(), (int)(slash - name), name,
                        slash + 1) >= 0,
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

/* The message for a manifest over one of the limits in loaderlab.h. */
#define LIMIT_TEXT(what, limit) \
  "at most %d " what " (" #limit " in sim/include/loaderlab.h)", limit

/* Every keyword of scenario.txt, for the parser's messages and for the
 * manual (docs/cli.md is generated from this table). */
const sim_manifest_keyword sim_manifest_keywords[] = {
    {"description", "description TEXT...", "One line that `loaderlab list` shows.", false},
    {"host", "host FILE.c [MORE.c ...]", "The host program (it has int main(void)); required.", false},
    {"dll", "dll NAME.dll FILE.c [MORE.c ...]",
     "A DLL the host can load by NAME.dll, built from the files (the first is the DLL's own; "
     "more, such as a shared runtime, are compiled in).", false},
    {"import", "import NAME.dll IMPORTED.dll [...]",
     "NAME.dll links against IMPORTED.dll (both declared by dll lines above): the loader loads "
     "and attaches IMPORTED.dll first.", false},
    {"host-import", "host-import NAME.dll [...]",
     "The host links against NAME.dll, which is loaded before main runs, with lpReserved "
     "non-NULL in its DLL_PROCESS_ATTACH.", false},
    {"include", "include FOLDER [...]", "An extra #include folder for every file.", false},
    {"student", "student NAME.dll", "The DLL that `--dll FILE.c` replaces.", false},
    {"steps-max", "steps-max N",
     "The step budget of a run (default 100000): beyond it, the verdict is hang.", false},
    {"exit-code", "exit-code N|any",
     "The exit code the host ends with when all is well (default 0). Any other code is the "
     "verdict \"exit code\", because test programs report failure that way; any accepts "
     "every code.", false},
    {"expect", "expect VERDICT within N [dfs]",
     "The verdict a bug scenario must reach (its JSON id, such as access-violation or "
     "deadlock), within N random schedules, or with dfs within N schedules of a DFS bounded by "
     "the fixed line's K.", true},
    {"fixed", "fixed FILE.c bound K",
     "The fixed DLL of a bug scenario, which a DFS with at most K preemptions must find "
     "correct.", true},
};
const int sim_manifest_n_keywords = sizeof sim_manifest_keywords / sizeof sim_manifest_keywords[0];

static bool is_keyword(const char *w) {
  for (int i = 0; i < sim_manifest_n_keywords; i++)
    if (strcmp(w, sim_manifest_keywords[i].name) == 0) return true;
  return false;
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
  char line[SIM_MANIFEST_LINE_MAX];
  /* Every word of a line: a word takes at least two bytes with its space. */
  char *words[SIM_MANIFEST_LINE_MAX / 2 + 1];
  int lineno = 0;
  bool ok = true;
#define BAD(...)                                              \
  do {                                                        \
    strbuf_printf(err, "%s:%d: ", manifest, lineno);          \
    strbuf_printf(err, __VA_ARGS__);                          \
    ok = false;                                               \
  } while (0)
  while (ok && fgets(line, sizeof line, f)) {
    lineno++;
    size_t len = strlen(line);
    if (len == sizeof line - 1 && line[len - 1] != '\n' && !feof(f)) {
      BAD("the line is longer than %d bytes, the limit (SIM_MANIFEST_LINE_MAX in "
          "sim/include/loaderlab.h): split it into several lines of the same keyword",
          SIM_MANIFEST_LINE_MAX - 1);
      break;
    }
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    int n = 0;
    for (char *tok = strtok(line, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
      sim_assert(n < (int)(sizeof words / sizeof words[0]), "more words than a line can hold");
      words[n++] = tok;
    }
    if (n == 0) continue;
    if (strcmp(words[0], "description") == 0) {
      struct strbuf d = {0};
      for (int i = 1; i < n; i++) strbuf_printf(&d, "%s%s", i > 1 ? " " : "", words[i]);
      free(spec->description);
      spec->description = strbuf_take(&d);
    } else if (strcmp(words[0], "host") == 0) {
      if (n < 2) BAD("write: host FILE.c [MORE.c ...]");
      else if (spec->n_host_sources + n - 1 > SIM_SOURCES_MAX)
        BAD(LIMIT_TEXT("source files for the host", SIM_SOURCES_MAX));
      else
        for (int i = 1; i < n; i++) spec->host_sources[spec->n_host_sources++] = join(dir, words[i]);
    } else if (strcmp(words[0], "dll") == 0) {
      if (n < 3) BAD("write: dll NAME.dll FILE.c [MORE.c ...]");
      else if (n - 2 > SIM_SOURCES_MAX) BAD(LIMIT_TEXT("source files for one DLL", SIM_SOURCES_MAX));
      else if (!valid_dll_name(words[1])) BAD("\"%s\" is not a DLL name (write NAME.dll)", words[1]);
      else if (find_dll(spec, words[1])) BAD("%s is declared twice", words[1]);
      else if (spec->n_dlls == SIM_DLLS_MAX) BAD(LIMIT_TEXT("DLLs per scenario", SIM_DLLS_MAX));
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
          else if (d->n_imports == SIM_IMPORTS_MAX) BAD(LIMIT_TEXT("imports per DLL", SIM_IMPORTS_MAX));
          else d->imports[d->n_imports++] = dupstr(words[i]);
        }
    } else if (strcmp(words[0], "host-import") == 0) {
      for (int i = 1; i < n && ok; i++) {
        if (!find_dll(spec, words[i])) BAD("host-import: %s is not declared by a dll line above", words[i]);
        else if (spec->n_host_imports == SIM_IMPORTS_MAX)
          BAD(LIMIT_TEXT("host imports", SIM_IMPORTS_MAX));
        else spec->host_imports[spec->n_host_imports++] = dupstr(words[i]);
      }
    } else if (strcmp(words[0], "include") == 0) {
      for (int i = 1; i < n && ok; i++) {
        if (spec->n_include_dirs == SIM_INCLUDE_DIRS_MAX)
          BAD(LIMIT_TEXT("include folders", SIM_INCLUDE_DIRS_MAX));
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
    } else if (strcmp(words[0], "exit-code") == 0) {
      char *end;
      unsigned long v = n == 2 && strcmp(words[1], "any") ? strtoul(words[1], &end, 10) : 0;
      if (n == 2 && strcmp(words[1], "any") == 0) spec->exit_code_any = true;
      else if (n != 2 || *end || v > 255 || end == words[1]) BAD("write: exit-code N (0 to 255) or exit-code any");
      else spec->exit_code = (int)v;
    } else if (is_keyword(words[0])) {
      /* expect and fixed: read by the test suite, not by the simulator. */
    } else {
      struct strbuf known = {0};
      for (int i = 0; i < sim_manifest_n_keywords; i++)
        strbuf_printf(&known, "%s%s", i ? ", " : "", sim_manifest_keywords[i].name);
      BAD("unknown keyword \"%s\" (the keywords are %s; docs/cli.md explains them)", words[0],
          strbuf_str(&known));
      strbuf_free(&known);
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
    if (spec->n_dlls == SIM_DLLS_MAX) {
      strbuf_printf(err, "--dll %s: at most %d DLLs (SIM_DLLS_MAX in sim/include/loaderlab.h)", arg,
                    SIM_DLLS_MAX);
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
  int state[SIM_DLLS_MAX] = {0}, n = 0;
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
  int order[SIM_DLLS_MAX];
  sim_assert(spec->n_dlls >= 0 && spec->n_dlls <= SIM_DLLS_MAX &&
                 spec->n_include_dirs >= 0 && spec->n_include_dirs <= SIM_INCLUDE_DIRS_MAX &&
                 spec->n_host_imports >= 0 && spec->n_host_imports <= SIM_IMPORTS_MAX,
             "a program spec over the limits of loaderlab.h");
  if (!order_dlls(spec, order, err)) return NULL;
  sim_program *p = calloc(1, sizeof *p);
  if (p) p->instrumented = sim__build_instrumented();
  sim_assert(p, "out of memory for a program");
  p->name = dupstr(spec->name ? spec->name : "ad-hoc");
  p->n_dlls = spec->n_dlls;
  char *so[SIM_DLLS_MAX] = {0};
  const char *incs[SIM_INCLUDE_DIRS_MAX];
  for (int i = 0; i < spec->n_include_dirs; i++) incs[i] = spec->include_dirs[i];

  for (int k = 0; k < spec->n_dlls; k++) {
    int i = order[k];
    const sim_dll_spec *d = &spec->dlls[i];
    if (d->n_sources == 0) {
      strbuf_printf(err, "%s has no source file", d->name);
      goto fail;
    }
    const char *links[SIM_IMPORTS_MAX];
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
    const char *links[SIM_IMPORTS_MAX];
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
  for (int i = 0; i < SIM_DLLS_MAX; i++) free(so[i]);
  return p;
fail:
  for (int i = 0; i < SIM_DLLS_MAX; i++) free(so[i]);
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

typedef struct list_visitor {
  sim_scenario_visit ok_only;
  sim_scenario_visit_all all;
  void *ctx;
} list_visitor;

static void visit_dir(const char *root, const char *prefix, const char *sub, const list_visitor *v) {
  DIR *d = opendir(root);
  if (!d) return;
  struct dirent *e;
  char **names = NULL;
  int n = 0, cap = 0;
  while ((e = readdir(d))) {
    if (e->d_name[0] == '.') continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      names = realloc(names, (size_t)cap * sizeof *names);
      sim_assert(names, "out of memory listing %s", root);
    }
    names[n++] = dupstr(e->d_name);
  }
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
      if (is_dir(dir)) visit_dir(dir, pre, NULL, v);
    } else {
      snprintf(dir, sizeof dir, "%s/%s", root, names[i]);
      char name[PATH_MAX];
      snprintf(name, sizeof name, "%s%s", prefix, names[i]);
      if (!is_dir(dir)) {
        free(names[i]);
        continue;
      }
      sim_program_spec spec;
      struct strbuf err = {0};
      if (sim_scenario_load(dir, &spec, &err)) {
        if (v->ok_only) v->ok_only(name, spec.description ? spec.description : "", v->ctx);
        if (v->all) v->all(name, spec.description ? spec.description : "", NULL, v->ctx);
        sim_spec_free(&spec);
      } else if (v->all) {
        v->all(name, NULL, strbuf_str(&err), v->ctx);
      }
      strbuf_free(&err);
    }
    free(names[i]);
  }
  free(names);
}

static void list_scenarios(const list_visitor *v) {
  visit_dir(LOADERLAB_SOURCE_DIR "/sim/samples", "sample/", NULL, v);
  visit_dir(exercises_dir(), "", "scenarios", v);
}

void sim_scenarios_list(sim_scenario_visit visit, void *ctx) {
  list_visitor v = {visit, NULL, ctx};
  list_scenarios(&v);
}

void sim_scenarios_list_all(sim_scenario_visit_all visit, void *ctx) {
  list_visitor v = {NULL, visit, ctx};
  list_scenarios(&v);
}

const char *sim_program_name(const sim_program *p) { return p->name; }
int sim_program_dll_count(const sim_program *p) { return p->n_dlls; }
const char *sim_program_dll_name(const sim_program *p, int index) {
  return index >= 0 && index < p->n_dlls ? p->dlls[index].name : NULL;
}

void sim_spec_run_options(const sim_program_spec *spec, sim_options *o) {
  if (spec->steps_max) o->steps_max = spec->steps_max;
  o->exit_code_expected = spec->exit_code_any ? SIM_EXIT_CODE_ANY : spec->exit_code;
}
int sim_program_dll_protections(const sim_program *p, int index) {
  return index >= 0 && index < p->n_dlls ? p->dlls[index].image->protect_count : 0;
}

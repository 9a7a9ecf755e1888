/* Programs: what a run executes, described by a scenario manifest or by
 * command-line files, compiled and loaded once per process.
 *
 * A scenario is a folder with a scenario.txt:
 *
 *     # The motivating race: a driver's worker pool outlives FreeLibrary.
 *     description Driver DLL unloaded while its workers wait on a port
 *     host host.c
 *     dll driver.dll driver.c ../../runtime/rt.c
 *     import driver.dll util.dll      (driver.dll links against util.dll)
 *     host-import util.dll            (the host links against util.dll)
 *     include ../../runtime           (extra #include folder)
 *     student driver.dll              (the DLL that --dll FILE.c replaces)
 *     steps-max 200000
 *
 * Paths are relative to the folder.  A DLL that imports another is linked
 * against it, so it can call its exported functions directly; the loader
 * loads (and attaches) the imported DLL first.
 */
#ifndef SIM_PROGRAM_H
#define SIM_PROGRAM_H

#include "sim.h"

#define SIM_SOURCES_MAX 16

typedef struct sim_dll_spec {
  char *name;
  char *sources[SIM_SOURCES_MAX];
  int n_sources;
  char *imports[8];
  int n_imports;
} sim_dll_spec;

typedef struct sim_program_spec {
  char *name;                     /* for messages and replay commands */
  char *description;
  char *dir;                      /* the scenario folder, or NULL */
  char *host_sources[SIM_SOURCES_MAX];
  int n_host_sources;
  sim_dll_spec dlls[16];
  int n_dlls;
  char *host_imports[8];
  int n_host_imports;
  char *include_dirs[8];
  int n_include_dirs;
  char *student_dll;
  uint64_t steps_max;             /* 0: the default */
} sim_program_spec;

/* Reads a scenario by name ("sample/driver-unload", "01-unload/basic") or
 * folder path.  On error returns false with an explanation in err. */
bool sim_scenario_load(const char *name, sim_program_spec *spec, struct strbuf *err);
/* Adds ad-hoc files: the host, or NAME.dll=FILE.c (replacing a DLL of the
 * same name if the scenario has one). */
bool sim_spec_set_host(sim_program_spec *spec, const char *file, struct strbuf *err);
bool sim_spec_add_dll(sim_program_spec *spec, const char *arg, struct strbuf *err);
/* --dll FILE.c with a scenario: replaces the scenario's student DLL. */
bool sim_spec_replace_student(sim_program_spec *spec, const char *file, struct strbuf *err);
void sim_spec_free(sim_program_spec *spec);

/* Compiles and loads everything.  NULL with an explanation on error. */
sim_program *sim_program_build(const sim_program_spec *spec, struct strbuf *err);
void sim_program_free(sim_program *p);

/* Scenario folders loaderlab knows by name, for `loaderlab list`. */
typedef void (*sim_scenario_visit)(const char *name, const char *description, void *ctx);
void sim_scenarios_list(sim_scenario_visit visit, void *ctx);

/* The built-in default scenario (the motivating unload race). */
extern const char *const sim_default_scenario;

#endif

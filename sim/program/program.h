/* The program layer: scenario manifests (program.c) and compiling
 * simulated programs into shared objects (build.c).  The public half
 * (sim_program_spec, sim_scenario_load, sim_program_build) is in
 * loaderlab.h; the manifest format is described there.
 *
 * Compiling: C sources to a shared object, with the flags that make the
 * simulator's windows.h, output capture and heap tracking apply.  Results
 * are cached by everything that changes the object: the compiler (its
 * program and what it says its version is), the flags, the file names, and
 * the contents of every file the last build read (its sources, every
 * header the compiler opened, the objects it linked against).
 */
#ifndef SIM_PROGRAM_H
#define SIM_PROGRAM_H

#include "loader.h"

typedef struct sim_build_spec {
  const char *const *sources;   /* C files */
  int n_sources;
  const char *const *include_dirs;
  int n_include_dirs;
  const char *what;             /* for messages: "driver.dll", "the host program" */
  const char *const *link_objects; /* shared objects of imported DLLs */
  int n_link_objects;
} sim_build_spec;

/* Compiles the sources into a shared object; returns its path (malloc'd) or
 * NULL with the compiler's own messages (or the reason) in err. */
char *sim__build(const sim_build_spec *spec, struct strbuf *err);
/* Whether programs are built with the memory instrumentation (yes, unless
 * LOADERLAB_INSTRUMENT=0, which bench/ uses to measure what it costs). */
bool sim__build_instrumented(void);

#endif

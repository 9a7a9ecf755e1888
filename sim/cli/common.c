/* What the commands share: building the program the arguments describe,
 * the per-run options, writing a report, and the replay command to print. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* The program-defining arguments, for the replay command we print. */
static void program_args(const cli *c, struct strbuf *b) {
  if (c->scenario) strbuf_printf(b, " %s", c->scenario);
  if (c->host) strbuf_printf(b, " --host %s", c->host);
  for (int i = 0; i < c->n_dlls; i++) strbuf_printf(b, " --dll %s", c->dlls[i]);
  if (c->steps_max) strbuf_printf(b, " --steps-max %" PRIu64, c->steps_max);
}

sim_program *cli_load_program(cli *c, sim_program_spec *spec, int *status) {
  struct strbuf err = {0};
  memset(spec, 0, sizeof *spec);
  const char *scenario = c->scenario;
  bool ok = true;
  if (scenario) ok = sim_scenario_load(scenario, spec, &err);
  if (ok && c->host) ok = sim_spec_set_host(spec, c->host, &err);
  for (int i = 0; ok && i < c->n_dlls; i++) {
    if (strchr(c->dlls[i], '=')) ok = sim_spec_add_dll(spec, c->dlls[i], &err);
    else if (scenario) ok = sim_spec_replace_student(spec, c->dlls[i], &err);
    else {
      strbuf_printf(&err, "--dll %s: without a scenario, write --dll NAME.dll=%s", c->dlls[i], c->dlls[i]);
      ok = false;
    }
  }
  sim_program *p = ok ? sim_program_build(spec, &err) : NULL;
  if (!p) {
    fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
    *status = EXIT_USAGE;
  }
  strbuf_free(&err);
  return p;
}

void cli_run_options(const cli *c, const sim_program_spec *spec, sim_options *o) {
  *o = c->ex.run;
  if (spec->steps_max) o->steps_max = spec->steps_max;
  if (c->steps_max) o->steps_max = c->steps_max;
  if (c->protect_always) o->protect = SIM_PROTECT_ALWAYS;
}

/* Writes a report where -o says, all at once: a temporary file renamed into
 * place, so a reader never sees half a file. */
int cli_write_output(const char *path, const struct strbuf *text) {
  if (!path || strcmp(path, "-") == 0) {
    fwrite(strbuf_str(text), 1, text->len, stdout);
    return 0;
  }
  char tmp[PATH_MAX];
  snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
  FILE *f = fopen(tmp, "w");
  if (!f || fwrite(strbuf_str(text), 1, text->len, f) != text->len || fclose(f) != 0) {
    fprintf(stderr, "loaderlab: cannot write %s: %s\n", path, strerror(errno));
    if (f) unlink(tmp);
    return -1;
  }
  if (rename(tmp, path) != 0) {
    fprintf(stderr, "loaderlab: cannot write %s: %s\n", path, strerror(errno));
    unlink(tmp);
    return -1;
  }
  return 0;
}

void cli_replay_command(const cli *c, const char *schedule, struct strbuf *b) {
  strbuf_printf(b, "%s replay", c->argv0);
  program_args(c, b);
  strbuf_printf(b, " --schedule %s", schedule);
}

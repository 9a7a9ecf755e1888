/* What the commands share: building the program the arguments describe,
 * the per-run options, writing a report, the replay command to print, and
 * the notes that keep a typo from passing in silence. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char *cli_plural(uint64_t n, const char *one, const char *many) { return n == 1 ? one : many; }

void cli_shell_quote(struct strbuf *b, const char *s) {
  bool plain = *s != '\0';
  for (const char *p = s; *p; p++)
    if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+./=:,@%", *p))
      plain = false;
  if (plain) {
    strbuf_puts(b, s);
    return;
  }
  strbuf_puts(b, "'");
  for (const char *p = s; *p; p++) {
    if (*p == '\'') strbuf_puts(b, "'\\''");
    else strbuf_append(b, p, 1);
  }
  strbuf_puts(b, "'");
}

/* The arguments that define the program and its runs, for the replay
 * command we print: everything that changes what a schedule does. */
static void program_args(const cli *c, struct strbuf *b) {
  if (c->scenario || c->default_scenario) {
    strbuf_puts(b, " ");
    cli_shell_quote(b, c->scenario ? c->scenario : sim_default_scenario);
  }
  if (c->host) {
    strbuf_puts(b, " --host ");
    cli_shell_quote(b, c->host);
  }
  for (int i = 0; i < c->n_dlls; i++) {
    strbuf_puts(b, " --dll ");
    cli_shell_quote(b, c->dlls[i]);
  }
  for (int i = 0; i < OPT_COUNT; i++) {
    const cli_option *o = &cli_options[i];
    if (!o->changes_run || !c->given[i] || o->id == OPT_HOST || o->id == OPT_DLL) continue;
    strbuf_printf(b, " %s", o->name);
    if (o->value) {
      strbuf_puts(b, " ");
      cli_shell_quote(b, c->given[i]);
    }
  }
}

static bool scenario_has_dll(const sim_program_spec *spec, const char *name, size_t len) {
  for (int i = 0; i < spec->n_dlls; i++)
    if (strlen(spec->dlls[i].name) == len && strncasecmp(spec->dlls[i].name, name, len) == 0) return true;
  return false;
}

sim_program *cli_load_program(cli *c, sim_program_spec *spec, int *status) {
  struct strbuf err = {0};
  memset(spec, 0, sizeof *spec);
  if (!c->scenario && !c->host) {
    c->default_scenario = true;
    if (c->n_dlls)
      fprintf(stderr, "loaderlab: note: no scenario and no --host given, so the built-in %s "
              "runs with your --dll (give --host F.c to run your own host program)\n",
              sim_default_scenario);
  }
  const char *scenario = c->scenario ? c->scenario : c->host ? NULL : sim_default_scenario;
  bool ok = true;
  if (scenario) ok = sim_scenario_load(scenario, spec, &err);
  if (ok && c->host) ok = sim_spec_set_host(spec, c->host, &err);
  for (int i = 0; ok && i < c->n_dlls; i++) {
    const char *eq = strchr(c->dlls[i], '=');
    if (eq && scenario && !c->host && !scenario_has_dll(spec, c->dlls[i], (size_t)(eq - c->dlls[i]))) {
      /* The scenario's host loads only the scenario's DLLs: a new name is a typo. */
      strbuf_printf(&err, "--dll %s: %s has no %.*s, so its host would never load it (its DLLs:",
                    c->dlls[i], scenario, (int)(eq - c->dlls[i]), c->dlls[i]);
      for (int k = 0; k < spec->n_dlls; k++) strbuf_printf(&err, " %s", spec->dlls[k].name);
      strbuf_printf(&err, "); write --dll %s=%s", spec->student_dll ? spec->student_dll : spec->dlls[0].name,
                    eq + 1);
      ok = false;
    } else if (eq) {
      ok = sim_spec_add_dll(spec, c->dlls[i], &err);
    } else if (scenario) {
      ok = sim_spec_replace_student(spec, c->dlls[i], &err);
    } else {
      strbuf_printf(&err, "--dll %s: without a scenario, say which DLL it is: write --dll NAME.dll=%s "
                    "(NAME.dll as the host passes it to LoadLibrary)", c->dlls[i], c->dlls[i]);
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
  sim_spec_run_options(spec, o);
  if (c->steps_max) o->steps_max = c->steps_max;
  if (c->protect_always) o->protect = SIM_PROTECT_ALWAYS;
  if (c->given[OPT_EXIT_CODE]) o->exit_code_expected = c->exit_code_any ? SIM_EXIT_CODE_ANY : c->exit_code;
}

void cli_check_dlls_loaded(const cli *c, const sim_program *p, const sim_result *res) {
  for (int i = 0; i < c->n_dlls; i++) {
    const char *eq = strchr(c->dlls[i], '=');
    for (int k = 0; k < sim_program_dll_count(p); k++) {
      const char *name = sim_program_dll_name(p, k);
      bool named = eq ? strlen(name) == (size_t)(eq - c->dlls[i]) && strncasecmp(name, c->dlls[i], strlen(name)) == 0
                      : false;
      if (!named || (res->dlls_loaded & (1u << k))) continue;
      fprintf(stderr, "loaderlab: note: --dll %s: the host never loaded %s in this run, so %s did "
              "not run (the host names the DLLs it loads in its LoadLibrary calls: check the "
              "spelling there and in --dll)\n", c->dlls[i], name, eq + 1);
    }
  }
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
    fprintf(stderr, "loaderlab: -o %s: cannot write it: %s (choose a folder you can write to)\n",
            path, strerror(errno));
    if (f) unlink(tmp);
    return -1;
  }
  if (rename(tmp, path) != 0) {
    fprintf(stderr, "loaderlab: -o %s: cannot write it: %s (choose a folder you can write to)\n",
            path, strerror(errno));
    unlink(tmp);
    return -1;
  }
  return 0;
}

void cli_program_args(const cli *c, struct strbuf *b) { program_args(c, b); }

void cli_replay_command(const cli *c, const char *schedule, struct strbuf *b) {
  cli_shell_quote(b, c->argv0);
  strbuf_puts(b, " replay");
  program_args(c, b);
  strbuf_printf(b, " --schedule %s", schedule);
}

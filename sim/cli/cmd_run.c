/* loaderlab run: one run of a program, with its own output as it wrote it. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_run(cli *c) {
  int status = EXIT_OK;
  sim_program_spec spec;
  sim_program *p = cli_load_program(c, &spec, &status);
  if (!p) {
    sim_spec_free(&spec);
    return status;
  }
  sim_options o;
  cli_run_options(c, &spec, &o);
  sim_strategy *s = c->seed_given ? sim_strategy_random(c->ex.seed) : sim_strategy_replay(&(sim_schedule){0}, true, NULL);
  sim_result res;
  sim_result_init(&res);
  sim_run_program(p, &o, s, &res);
  sim_strategy_destroy(s);
  fwrite(strbuf_str(&res.out), 1, res.out.len, stdout);
  fflush(stdout);
  fwrite(strbuf_str(&res.err), 1, res.err.len, stderr);
  struct strbuf report = {0};
  sim_report_verdict(&report, &res);
  if (res.resources.len) strbuf_printf(&report, "at process end (information):\n%s", res.resources.data);
  char *enc = sim_schedule_encode(&res.schedule);
  if (sim_verdict_is_bug(res.verdict.kind)) {
    strbuf_puts(&report, "to see every step:\n  ");
    cli_replay_command(c, enc, &report);
    strbuf_puts(&report, "\n");
    status = EXIT_BUG;
  }
  fprintf(stderr, "loaderlab: %s", strbuf_str(&report));
  free(enc);
  strbuf_free(&report);
  sim_result_free(&res);
  sim_program_free(p);
  sim_spec_free(&spec);
  return status;
}

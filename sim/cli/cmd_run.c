/* loaderlab run: one run of a program, with its own output as it wrote it
 * and loaderlab's report on stderr, ending with the command that replays
 * this very run (for a correct run too: reading how it went is how a
 * student learns what the schedule was). */
#include <stdio.h>
#include <stdlib.h>

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
  sim_strategy *s = c->given[OPT_SEED] ? sim_strategy_random(c->ex.seed)
                                       : sim_strategy_replay(&(sim_schedule){0}, true, NULL);
  sim_result res;
  sim_result_init(&res);
  sim_run_program(p, &o, s, &res);
  sim_strategy_destroy(s);
  fwrite(strbuf_str(&res.out), 1, res.out.len, stdout);
  fflush(stdout);
  fwrite(strbuf_str(&res.err), 1, res.err.len, stderr);
  struct strbuf report = {0};
  sim_report_verdict(&report, &res);
  sim_report_resources(&report, &res);
  char *enc = sim_schedule_encode(&res.schedule);
  if (sim_verdict_is_bug(res.verdict.kind)) {
    strbuf_puts(&report, "to see every step:\n  ");
    status = EXIT_BUG;
  } else {
    strbuf_puts(&report, "to replay this run step by step:\n  ");
  }
  cli_replay_command(c, enc, &report);
  strbuf_puts(&report, "\n");
  fprintf(stderr, "loaderlab: %s", strbuf_str(&report));
  cli_check_dlls_loaded(c, p, &res);
  free(enc);
  strbuf_free(&report);
  sim_result_free(&res);
  sim_program_free(p);
  sim_spec_free(&spec);
  return status;
}

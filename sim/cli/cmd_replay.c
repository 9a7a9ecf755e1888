/* loaderlab replay: one schedule again, step by step. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int cli_replay(cli *c) {
  if (!c->schedule) return cli_usage_error("replay needs --schedule S (the schedule explore printed)");
  sim_schedule sched;
  struct strbuf err = {0};
  if (!sim_schedule_decode(c->schedule, &sched, &err)) {
    fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
    strbuf_free(&err);
    return EXIT_USAGE;
  }
  int status = EXIT_OK;
  sim_program_spec spec;
  sim_program *p = cli_load_program(c, &spec, &status);
  if (!p) {
    sim_schedule_free(&sched);
    sim_spec_free(&spec);
    return status;
  }
  sim_options o;
  cli_run_options(c, &spec, &o);
  struct strbuf out = {0};
  if (c->then) {
    /* Replay the prefix, then explore from there. */
    c->ex.run = o;
    c->ex.prefix = &sched;
    sim_explore_result r;
    if (!sim_explore(p, &c->ex, &r, &err)) {
      fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
      status = EXIT_USAGE;
    } else if (r.found) {
      sim_result res;
      sim_result_init(&res);
      sim_replay(p, &o, &r.bug, &res);
      char *enc = sim_schedule_encode(&res.schedule);
      sim_report_verdict(&out, &res);
      strbuf_printf(&out, "schedule: %s\n", enc);
      status = r.kind == SIM_VERDICT_DIVERGED ? EXIT_USAGE : EXIT_BUG;
      free(enc);
      sim_result_free(&res);
      fwrite(out.data, 1, out.len, stdout);
    } else {
      printf("no bug found in %" PRIu64 " schedules after the prefix\n", r.schedules);
    }
    sim_explore_result_free(&r);
  } else {
    sim_result res;
    sim_result_init(&res);
    sim_replay(p, &o, &sched, &res);
    char *enc = sim_schedule_encode(&res.schedule);
    bool fits = res.verdict.kind != SIM_VERDICT_DIVERGED && sim_schedule_check_end(&sched, &res, &err);
    if (c->trace_format && strcmp(c->trace_format, "json") == 0) {
      sim_report_trace_json(&out, &res, sim_program_name(p), enc);
    } else {
      sim_report_trace_text(&out, &res);
      strbuf_puts(&out, "\n");
      sim_report_verdict(&out, &res);
      if (res.resources.len) strbuf_printf(&out, "at process end (information):\n%s", res.resources.data);
    }
    if (cli_write_output(c->output, &out) != 0) status = EXIT_USAGE;
    else if (!fits) {
      fprintf(stderr, "loaderlab: the replay does not fit: %s\n",
              res.verdict.kind == SIM_VERDICT_DIVERGED ? res.verdict.message : strbuf_str(&err));
      status = EXIT_USAGE;
    } else if (sim_verdict_is_bug(res.verdict.kind)) {
      status = EXIT_BUG;
    }
    free(enc);
    sim_result_free(&res);
  }
  strbuf_free(&out);
  strbuf_free(&err);
  sim_schedule_free(&sched);
  sim_program_free(p);
  sim_spec_free(&spec);
  return status;
}

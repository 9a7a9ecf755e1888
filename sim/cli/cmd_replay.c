/* loaderlab replay: one schedule again, step by step, as text, JSON, a
 * Chrome trace or the HTML viewer; or, with --then, the schedule as a
 * prefix and a search from where it ends. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_trace.h"

/* --then: replay the prefix, then explore from there. */
static int replay_then(cli *c, sim_program *p, const sim_options *o, const sim_schedule *sched) {
  struct strbuf err = {0}, out = {0};
  int status = EXIT_OK;
  c->ex.run = *o;
  c->ex.prefix = sched;
  sim_explore_result r;
  if (!sim_explore(p, &c->ex, &r, &err)) {
    fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
    strbuf_free(&err);
    return EXIT_USAGE;
  }
  if (r.found) {
    sim_result res;
    sim_result_init(&res);
    sim_replay(p, o, &r.bug, &res);
    if (r.kind == SIM_VERDICT_DIVERGED) {
      fprintf(stderr, "loaderlab: --schedule %s does not fit the program at step %" PRIu64 ": %s\n",
              c->schedule, res.verdict.step, res.verdict.message ? res.verdict.message : "");
      status = EXIT_USAGE;
    } else {
      char *enc = sim_schedule_encode(&res.schedule);
      sim_report_verdict(&out, &res);
      sim_report_verdict_counts(&out, r.verdicts);
      strbuf_printf(&out, "schedule: %s\n", enc);
      status = EXIT_BUG;
      free(enc);
    }
    sim_result_free(&res);
  } else {
    strbuf_printf(&out, "no bug found in %" PRIu64 " schedule%s after the prefix\n", r.schedules,
                  cli_plural(r.schedules, "", "s"));
  }
  fwrite(out.data, 1, out.len, stdout);
  sim_explore_result_free(&r);
  strbuf_free(&out);
  strbuf_free(&err);
  return status;
}

int cli_replay(cli *c) {
  if (!c->schedule)
    return cli_usage_error(c, "replay needs --schedule S: the schedule that run or explore printed "
                           "(for example --schedule 1.72.e800d006.72t4a76r)");
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
  if (c->then) {
    status = replay_then(c, p, &o, &sched);
  } else {
    struct strbuf out = {0};
    sim_result res;
    sim_result_init(&res);
    sim_replay(p, &o, &sched, &res);
    char *enc = sim_schedule_encode(&res.schedule);
    bool fits = res.verdict.kind != SIM_VERDICT_DIVERGED && sim_schedule_check_end(&sched, &res, &err);
    /* On a terminal the lanes, elsewhere the text a file or a test reads. */
    const char *format = c->trace_format ? c->trace_format : isatty(STDOUT_FILENO) ? "lanes" : "text";
    bool structured = strcmp(format, "json") == 0 || strcmp(format, "chrome") == 0 || strcmp(format, "html") == 0;
    if (structured) sim_trace_source_lines(p, &res);
    if (strcmp(format, "json") == 0) {
      sim_report_trace_json(&out, &res, sim_program_name(p), enc);
    } else if (strcmp(format, "chrome") == 0) {
      sim_report_trace_chrome(&out, &res, sim_program_name(p), enc);
    } else if (strcmp(format, "html") == 0) {
      sim_report_trace_html(&out, &res, sim_program_name(p), enc);
    } else {
      if (strcmp(format, "lanes") == 0)
        cli_trace_lanes(c, &res, &out, !c->output && cli_color(c, STDOUT_FILENO), c->output ? 80 : cli_terminal_width(STDOUT_FILENO));
      else
        cli_trace_text(c, &res, &out);
      strbuf_puts(&out, "\n");
      if (c->full) sim_report_verdict_full(&out, &res);
      else sim_report_verdict(&out, &res);
      sim_report_resources(&out, &res);
    }
    if (cli_write_output(c->output, &out) != 0) {
      status = EXIT_USAGE;
    } else if (!fits) {
      if (res.verdict.kind == SIM_VERDICT_DIVERGED)
        fprintf(stderr, "loaderlab: the replay does not fit at step %" PRIu64 ": %s\n", res.verdict.step,
                res.verdict.message);
      else
        fprintf(stderr, "loaderlab: the replay does not fit: %s\n", strbuf_str(&err));
      fputs("loaderlab: the program changed since the schedule was made: explore it again for a "
            "schedule of this version\n", stderr);
      status = EXIT_USAGE;
    } else if (sim_verdict_is_bug(res.verdict.kind)) {
      status = EXIT_BUG;
    }
    cli_check_dlls_loaded(c, p, &res);
    free(enc);
    sim_result_free(&res);
    strbuf_free(&out);
  }
  strbuf_free(&err);
  sim_schedule_free(&sched);
  sim_program_free(p);
  sim_spec_free(&spec);
  return status;
}

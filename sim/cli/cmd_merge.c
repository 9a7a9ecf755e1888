/* loaderlab merge RESULT.json... [--report text|json]: combines the JSON
 * results of the shards of one exploration (explore --shard I/N --report
 * json) into one report and one certificate (docs/scale.md).  It has its
 * own small parser: its arguments are files, not a program. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *strategy_name(sim_strategy_kind k) {
  return k == SIM_STRATEGY_PCT ? "pct" : k == SIM_STRATEGY_DFS ? "dfs" : "random";
}

int cli_merge(int argc, char **argv) {
  bool json = false;
  const char **files = calloc((size_t)argc, sizeof *files);
  if (!files) {
    fprintf(stderr, "loaderlab: out of memory\n");
    return EXIT_USAGE;
  }
  int n = 0;
  for (int i = 2; i < argc; i++) {
    if (strcmp(argv[i], "--report") == 0) {
      if (i + 1 >= argc || (strcmp(argv[i + 1], "json") && strcmp(argv[i + 1], "text"))) {
        free(files);
        return cli_usage_error(NULL, "merge --report: expected --report text or --report json");
      }
      json = strcmp(argv[++i], "json") == 0;
    } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      printf("usage: loaderlab merge RESULT.json... [--report text|json]\n"
             "Combines the --report json results of the shards of one exploration (explore --shard I/N)\n"
             "into one report and one certificate; see docs/scale.md.\n");
      free(files);
      return EXIT_OK;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      free(files);
      return cli_usage_error(NULL, "merge: unknown option %s (loaderlab merge RESULT.json... [--report text|json])",
                             argv[i]);
    } else {
      files[n++] = argv[i];
    }
  }
  if (!n) {
    free(files);
    return cli_usage_error(NULL, "merge needs the result files of a search's shards "
                           "(written by explore --shard I/N --report json)");
  }
  sim_explore_part *parts = calloc((size_t)n, sizeof *parts);
  if (!parts) {
    fprintf(stderr, "loaderlab: out of memory\n");
    free(files);
    return EXIT_USAGE;
  }
  struct strbuf err = {0};
  int status = EXIT_OK, read = 0;
  for (; read < n; read++) {
    FILE *f = strcmp(files[read], "-") == 0 ? stdin : fopen(files[read], "r");
    if (!f) {
      strbuf_printf(&err, "cannot read %s: %s", files[read], strerror(errno));
      break;
    }
    struct strbuf text = {0};
    char buf[65536];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) strbuf_append(&text, buf, got);
    if (f != stdin) fclose(f);
    bool ok = sim_explore_part_read(files[read], strbuf_str(&text), &parts[read], &err);
    strbuf_free(&text);
    if (!ok) break;
  }
  sim_explore_part merged;
  memset(&merged, 0, sizeof merged);
  if (read < n || !sim_explore_merge(parts, n, &merged, &err)) {
    fprintf(stderr, "loaderlab: %s\n", strbuf_str(&err));
    status = EXIT_USAGE;
  } else if (json) {
    struct strbuf out = {0};
    sim_explore_result_json(&out, &merged.options, &merged.result, merged.program, merged.replay_args);
    fwrite(out.data, 1, out.len, stdout);
    strbuf_free(&out);
    status = merged.result.found ? EXIT_BUG : EXIT_OK;
  } else {
    const sim_explore_result *r = &merged.result;
    printf("merged %d shard%s of exploring %s with %s\n", n, n == 1 ? "" : "s", merged.program,
           strategy_name(merged.options.strategy));
    if (!r->found) {
      struct strbuf line = {0};
      cli_no_bug_line(&merged.options, r, &line);
      fputs(strbuf_str(&line), stdout);
      strbuf_free(&line);
    } else {
      char *enc = sim_schedule_encode(&r->bug);
      struct strbuf cmd = {0};
      cli_shell_quote(&cmd, argv[0]);
      printf("bug found: %s (%" PRIu64 " schedules in all)\nschedule (%d preemption%s): %s\n"
             "replay it step by step with:\n  %s replay%s --schedule %s\n",
             sim_verdict_name(r->kind), r->schedules, r->bug_preemptions, r->bug_preemptions == 1 ? "" : "s",
             enc, strbuf_str(&cmd), merged.replay_args, enc);
      strbuf_free(&cmd);
      free(enc);
      status = EXIT_BUG;
    }
  }
  for (int i = 0; i < read && i < n; i++) sim_explore_part_free(&parts[i]);
  free(parts);
  free(files);
  sim_explore_part_free(&merged);
  strbuf_free(&err);
  return status;
}

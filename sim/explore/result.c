/* The machine-readable result of an exploration (`explore --report json`)
 * and merging the results of the shards of one search (`loaderlab merge`).
 * docs/scale.md documents the format; it is one JSON object:
 *
 *   {"format": "loaderlab-explore-result", "version": 1,
 *    "program": "sample/driver-unload", "replay_args": " sample/driver-unload",
 *    "strategy": "dfs", "reduction": true, "complete": false,
 *    "state_cache": true, "preemption_bound": 2, "depth": 3, "seed": 1, "schedules_max": 0, "all": false,
 *    "shard": {"index": 1, "count": 4}, "split_depth": 3, "parts": 40,
 *    "schedules": 1234, "abandoned": 56, "cut": 7, "buggy": 0,
 *    "verdicts": {"ok": 1234, "access-violation": 0, ...},
 *    "exhausted": true, "bound_exhausted": 2, "schedules_in_bound": 1100, "cut_in_bound": 5,
 *    "timed_out": false, "seconds": 0.25,
 *    "bug": null}
 *
 * and a found bug is {"verdict": "access-violation", "schedule": "1.72...",
 * "preemptions": 1, "bound": 1, "part": 3, "run": 17, "found_at": 5}.
 *
 * The reader accepts exactly what the writer writes (any order of keys,
 * any white space), and says which file and key are wrong otherwise.
 */
#include "explore.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *strategy_id(sim_strategy_kind k) {
  return k == SIM_STRATEGY_PCT ? "pct" : k == SIM_STRATEGY_DFS ? "dfs" : "random";
}

void sim_explore_result_json(struct strbuf *out, const sim_explore_options *o, const sim_explore_result *r,
                             const char *program, const char *replay_args) {
  strbuf_puts(out, "{\n  \"format\": \"loaderlab-explore-result\",\n  \"version\": 1,\n  \"program\": ");
  strbuf_json_string(out, program);
  strbuf_puts(out, ",\n  \"replay_args\": ");
  strbuf_json_string(out, replay_args ? replay_args : "");
  strbuf_printf(out, ",\n  \"strategy\": \"%s\",\n  \"reduction\": %s,\n  \"state_cache\": %s,\n  \"complete\": %s,\n",
                strategy_id(o->strategy), r->reduced ? "true" : "false",
                o->strategy == SIM_STRATEGY_DFS && o->state_cache ? "true" : "false",
                r->complete ? "true" : "false");
  strbuf_printf(out, "  \"preemption_bound\": %d,\n  \"depth\": %d,\n  \"seed\": %" PRIu64
                     ",\n  \"schedules_max\": %" PRIu64 ",\n  \"all\": %s,\n",
                o->preemption_bound, o->depth, o->seed, o->schedules_max, o->all ? "true" : "false");
  strbuf_printf(out, "  \"shard\": {\"index\": %d, \"count\": %d},\n  \"split_depth\": %d,\n  \"parts\": %" PRIu64
                     ",\n",
                o->shard_count ? o->shard_index : 1, o->shard_count ? o->shard_count : 1, r->split_depth,
                r->parts);
  strbuf_printf(out, "  \"schedules\": %" PRIu64 ",\n  \"abandoned\": %" PRIu64 ",\n  \"cut\": %" PRIu64 ",\n  \"buggy\": %" PRIu64
                     ",\n  \"verdicts\": {",
                r->schedules, r->abandoned, r->cut, r->buggy);
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    strbuf_printf(out, "%s\"%s\": %" PRIu64, k ? ", " : "", sim_verdict_id((sim_verdict_kind)k), r->verdicts[k]);
  strbuf_printf(out, "},\n  \"exhausted\": %s,\n  \"bound_exhausted\": %d,\n  \"schedules_in_bound\": %" PRIu64
                     ",\n  \"cut_in_bound\": %" PRIu64 ",\n  \"timed_out\": %s,\n  \"seconds\": %.3f,\n  \"bug\": ",
                r->exhausted ? "true" : "false", r->exhausted ? r->bound : -1, r->schedules_in_bound, r->cut_in_bound,
                r->timed_out ? "true" : "false", r->seconds);
  if (!r->found) {
    strbuf_puts(out, "null\n}\n");
    return;
  }
  char *enc = sim_schedule_encode(&r->bug);
  strbuf_printf(out, "{\"verdict\": \"%s\", \"schedule\": \"%s\", \"preemptions\": %d, \"bound\": %d, "
                     "\"part\": %" PRIu64 ", \"run\": %" PRIu64 ", \"found_at\": %" PRIu64 "}\n}\n",
                sim_verdict_id(r->kind), enc, r->bug_preemptions, r->bug_bound, r->bug_part, r->bug_run,
                r->found_at);
  free(enc);
}

/* ---- Reading ------------------------------------------------------------------ */

typedef struct reader {
  const char *p, *file;
  struct strbuf *err;
  bool failed;
} reader;

static void fail(reader *r, const char *what) {
  if (r->failed) return;
  r->failed = true;
  strbuf_printf(r->err, "%s is not a loaderlab exploration result: %s (write one with `loaderlab "
                "explore ... --report json > FILE`)", r->file, what);
}

static void skip_ws(reader *r) {
  while (isspace((unsigned char)*r->p)) r->p++;
}

static bool expect(reader *r, char c) {
  skip_ws(r);
  if (*r->p != c) {
    char what[64];
    snprintf(what, sizeof what, "expected '%c'", c);
    fail(r, what);
    return false;
  }
  r->p++;
  return true;
}

/* A JSON string (the writer escapes only what strbuf_json_string does). */
static char *read_string(reader *r) {
  if (!expect(r, '"')) return NULL;
  struct strbuf b = {0};
  while (*r->p && *r->p != '"') {
    char c = *r->p++;
    if (c == '\\') {
      c = *r->p++;
      switch (c) {
      case 'n': c = '\n'; break;
      case 'r': c = '\r'; break;
      case 't': c = '\t'; break;
      case 'u': {
        unsigned v = 0;
        for (int i = 0; i < 4 && isxdigit((unsigned char)*r->p); i++, r->p++)
          v = v * 16 + (unsigned)(isdigit((unsigned char)*r->p) ? *r->p - '0' : (tolower((unsigned char)*r->p) - 'a' + 10));
        c = (char)v;
        break;
      }
      default: break;
      }
    }
    strbuf_append(&b, &c, 1);
  }
  if (*r->p != '"') {
    strbuf_free(&b);
    fail(r, "a string does not end");
    return NULL;
  }
  r->p++;
  return strbuf_take(&b);
}

static bool read_number(reader *r, double *out) {
  skip_ws(r);
  char *end;
  errno = 0;
  double v = strtod(r->p, &end);
  if (end == r->p || errno) {
    fail(r, "expected a number");
    return false;
  }
  r->p = end;
  *out = v;
  return true;
}

static bool read_u64(reader *r, uint64_t *out) {
  skip_ws(r);
  char *end;
  errno = 0;
  unsigned long long v = strtoull(r->p, &end, 10);
  if (end == r->p || errno || *r->p == '-') {
    fail(r, "expected a whole number");
    return false;
  }
  r->p = end;
  *out = v;
  return true;
}

static bool read_int(reader *r, int *out) {
  skip_ws(r);
  char *end;
  errno = 0;
  long v = strtol(r->p, &end, 10);
  if (end == r->p || errno) {
    fail(r, "expected a whole number");
    return false;
  }
  r->p = end;
  *out = (int)v;
  return true;
}

static bool read_bool(reader *r, bool *out) {
  skip_ws(r);
  if (strncmp(r->p, "true", 4) == 0) {
    r->p += 4;
    *out = true;
  } else if (strncmp(r->p, "false", 5) == 0) {
    r->p += 5;
    *out = false;
  } else {
    fail(r, "expected true or false");
    return false;
  }
  return true;
}

static bool at_null(reader *r) {
  skip_ws(r);
  if (strncmp(r->p, "null", 4) != 0) return false;
  r->p += 4;
  return true;
}

/* Calls field(key) for each key of an object; field reads the value. */
typedef bool (*field_fn)(reader *r, const char *key, void *ctx);

static bool read_object(reader *r, field_fn field, void *ctx) {
  if (!expect(r, '{')) return false;
  skip_ws(r);
  if (*r->p == '}') {
    r->p++;
    return true;
  }
  for (;;) {
    char *key = read_string(r);
    if (!key) return false;
    bool ok = expect(r, ':') && field(r, key, ctx);
    free(key);
    if (!ok) return false;
    skip_ws(r);
    if (*r->p == ',') {
      r->p++;
      continue;
    }
    return expect(r, '}');
  }
}

static bool verdict_field(reader *r, const char *key, void *ctx) {
  sim_explore_result *x = ctx;
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    if (strcmp(key, sim_verdict_id((sim_verdict_kind)k)) == 0) return read_u64(r, &x->verdicts[k]);
  fail(r, "an unknown verdict in \"verdicts\"");
  return false;
}

static bool verdict_of(const char *id, sim_verdict_kind *out) {
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    if (strcmp(id, sim_verdict_id((sim_verdict_kind)k)) == 0) {
      *out = (sim_verdict_kind)k;
      return true;
    }
  return false;
}

static bool bug_field(reader *r, const char *key, void *ctx) {
  sim_explore_part *x = ctx;
  if (strcmp(key, "verdict") == 0) {
    char *v = read_string(r);
    bool ok = v && verdict_of(v, &x->result.kind);
    if (v && !ok) fail(r, "an unknown verdict in \"bug\"");
    free(v);
    return ok;
  }
  if (strcmp(key, "schedule") == 0) {
    char *v = read_string(r);
    if (!v) return false;
    struct strbuf e = {0};
    bool ok = sim_schedule_decode(v, &x->result.bug, &e);
    if (!ok) fail(r, strbuf_str(&e));
    strbuf_free(&e);
    free(v);
    x->result.found = ok;
    return ok;
  }
  if (strcmp(key, "preemptions") == 0) return read_int(r, &x->result.bug_preemptions);
  if (strcmp(key, "bound") == 0) return read_int(r, &x->result.bug_bound);
  if (strcmp(key, "part") == 0) return read_u64(r, &x->result.bug_part);
  if (strcmp(key, "run") == 0) return read_u64(r, &x->result.bug_run);
  if (strcmp(key, "found_at") == 0) return read_u64(r, &x->result.found_at);
  fail(r, "an unknown key in \"bug\"");
  return false;
}

static bool shard_field(reader *r, const char *key, void *ctx) {
  sim_explore_part *x = ctx;
  if (strcmp(key, "index") == 0) return read_int(r, &x->options.shard_index);
  if (strcmp(key, "count") == 0) return read_int(r, &x->options.shard_count);
  fail(r, "an unknown key in \"shard\"");
  return false;
}

static bool top_field(reader *r, const char *key, void *ctx) {
  sim_explore_part *x = ctx;
  sim_explore_result *res = &x->result;
  sim_explore_options *o = &x->options;
  double d;
  if (strcmp(key, "format") == 0) {
    char *v = read_string(r);
    bool ok = v && strcmp(v, "loaderlab-explore-result") == 0;
    if (v && !ok) fail(r, "\"format\" is not \"loaderlab-explore-result\"");
    free(v);
    return ok;
  }
  if (strcmp(key, "version") == 0) {
    int v;
    if (!read_int(r, &v)) return false;
    if (v != 1) fail(r, "its \"version\" is not 1 (this loaderlab reads version 1)");
    return v == 1;
  }
  if (strcmp(key, "program") == 0) return (x->program = read_string(r)) != NULL;
  if (strcmp(key, "replay_args") == 0) return (x->replay_args = read_string(r)) != NULL;
  if (strcmp(key, "strategy") == 0) {
    char *v = read_string(r);
    if (!v) return false;
    bool ok = true;
    if (strcmp(v, "dfs") == 0) o->strategy = SIM_STRATEGY_DFS;
    else if (strcmp(v, "pct") == 0) o->strategy = SIM_STRATEGY_PCT;
    else if (strcmp(v, "random") == 0) o->strategy = SIM_STRATEGY_RANDOM;
    else ok = false;
    if (!ok) fail(r, "an unknown \"strategy\"");
    free(v);
    return ok;
  }
  if (strcmp(key, "reduction") == 0) return read_bool(r, &res->reduced);
  if (strcmp(key, "state_cache") == 0) return read_bool(r, &o->state_cache);
  if (strcmp(key, "complete") == 0) return read_bool(r, &res->complete);
  if (strcmp(key, "preemption_bound") == 0) return read_int(r, &o->preemption_bound);
  if (strcmp(key, "depth") == 0) return read_int(r, &o->depth);
  if (strcmp(key, "seed") == 0) return read_u64(r, &o->seed);
  if (strcmp(key, "schedules_max") == 0) return read_u64(r, &o->schedules_max);
  if (strcmp(key, "all") == 0) return read_bool(r, &o->all);
  if (strcmp(key, "shard") == 0) return read_object(r, shard_field, x);
  if (strcmp(key, "split_depth") == 0) return read_int(r, &res->split_depth);
  if (strcmp(key, "parts") == 0) return read_u64(r, &res->parts);
  if (strcmp(key, "schedules") == 0) return read_u64(r, &res->schedules);
  if (strcmp(key, "abandoned") == 0) return read_u64(r, &res->abandoned);
  if (strcmp(key, "cut") == 0) return read_u64(r, &res->cut);
  if (strcmp(key, "buggy") == 0) return read_u64(r, &res->buggy);
  if (strcmp(key, "verdicts") == 0) return read_object(r, verdict_field, res);
  if (strcmp(key, "exhausted") == 0) return read_bool(r, &res->exhausted);
  if (strcmp(key, "bound_exhausted") == 0) return read_int(r, &res->bound);
  if (strcmp(key, "schedules_in_bound") == 0) return read_u64(r, &res->schedules_in_bound);
  if (strcmp(key, "cut_in_bound") == 0) return read_u64(r, &res->cut_in_bound);
  if (strcmp(key, "timed_out") == 0) return read_bool(r, &res->timed_out);
  if (strcmp(key, "seconds") == 0) {
    if (!read_number(r, &d)) return false;
    res->seconds = d;
    return true;
  }
  if (strcmp(key, "bug") == 0) return at_null(r) || read_object(r, bug_field, x);
  fail(r, "an unknown key");
  return false;
}

bool sim_explore_part_read(const char *file, const char *text, sim_explore_part *out, struct strbuf *err) {
  memset(out, 0, sizeof *out);
  sim_explore_options_default(&out->options);
  reader r = {text, file, err, false};
  bool ok = read_object(&r, top_field, out);
  skip_ws(&r);
  if (ok && *r.p) fail(&r, "text after the result");
  if (ok && !r.failed && (!out->program || !out->replay_args)) fail(&r, "\"program\" is missing");
  if (r.failed) {
    sim_explore_part_free(out);
    return false;
  }
  out->result.shard_index = out->options.shard_index;
  out->result.shard_count = out->options.shard_count;
  return true;
}

void sim_explore_part_free(sim_explore_part *p) {
  free(p->program);
  free(p->replay_args);
  sim_explore_result_free(&p->result);
  memset(p, 0, sizeof *p);
}

/* ---- Merging ------------------------------------------------------------------- */

bool sim_explore_merge(sim_explore_part *parts, int n, sim_explore_part *out, struct strbuf *err) {
  memset(out, 0, sizeof *out);
  if (n < 1) {
    strbuf_printf(err, "merge needs the result files of a search's shards");
    return false;
  }
  const sim_explore_part *a = &parts[0];
  int count = a->options.shard_count;
  if (count < 1 || count != n) {
    strbuf_printf(err, "%d result file%s given, but the search was cut into %d shard%s: give every "
                  "shard's result once", n, n == 1 ? "" : "s", count, count == 1 ? "" : "s");
    return false;
  }
  bool *seen = calloc((size_t)count + 1, sizeof *seen);
  sim_assert(seen, "out of memory");
  for (int i = 0; i < n; i++) {
    const sim_explore_part *b = &parts[i];
    const char *differs = NULL;
    if (strcmp(a->program, b->program) || strcmp(a->replay_args, b->replay_args)) differs = "program";
    else if (a->options.strategy != b->options.strategy) differs = "strategy";
    else if (a->result.reduced != b->result.reduced) differs = "reduction";
    else if (a->options.state_cache != b->options.state_cache) differs = "state cache";
    else if (a->result.complete != b->result.complete) differs = "complete search";
    else if (a->options.preemption_bound != b->options.preemption_bound) differs = "preemption bound";
    else if (a->options.depth != b->options.depth) differs = "depth";
    else if (a->options.seed != b->options.seed) differs = "seed";
    else if (a->options.schedules_max != b->options.schedules_max) differs = "schedule budget";
    else if (a->options.all != b->options.all) differs = "--all";
    else if (b->options.shard_count != count) differs = "shard count";
    else if (a->result.split_depth != b->result.split_depth) differs = "split depth";
    if (differs) {
      strbuf_printf(err, "shard %d of %d and shard %d of %d are parts of different searches (their %s "
                    "differs): merge the results of one search", a->options.shard_index, count,
                    b->options.shard_index, b->options.shard_count, differs);
      free(seen);
      return false;
    }
    int k = b->options.shard_index;
    if (k < 1 || k > count || seen[k]) {
      strbuf_printf(err, "shard %d of %d is given twice (or its number is out of range): give each "
                    "shard's result once", k, count);
      free(seen);
      return false;
    }
    seen[k] = true;
  }
  free(seen);
  out->options = a->options;
  out->options.shard_index = 0;
  out->options.shard_count = count;
  out->program = strdup(a->program);
  out->replay_args = strdup(a->replay_args);
  sim_assert(out->program && out->replay_args, "out of memory");
  sim_explore_result *m = &out->result;
  m->reduced = a->result.reduced;
  m->complete = a->result.complete;
  m->split_depth = a->result.split_depth;
  m->exhausted = true;
  m->bound = a->options.preemption_bound;
  m->shard_count = count;
  const sim_explore_result *best = NULL;
  bool dfs = a->options.strategy == SIM_STRATEGY_DFS;
  for (int i = 0; i < n; i++) {
    const sim_explore_result *r = &parts[i].result;
    m->schedules += r->schedules;
    m->abandoned += r->abandoned;
    m->cut += r->cut;
    m->buggy += r->buggy;
    m->parts = r->parts; /* every shard knows all the parts */
    m->schedules_in_bound += r->schedules_in_bound;
    m->cut_in_bound += r->cut_in_bound;
    for (int k = 0; k < SIM_VERDICT_COUNT; k++) m->verdicts[k] += r->verdicts[k];
    m->timed_out |= r->timed_out;
    if (r->seconds > m->seconds) m->seconds = r->seconds;
    if (!r->exhausted) m->exhausted = false;
    if (r->exhausted && r->bound < m->bound) m->bound = r->bound;
    if (!r->found) continue;
    /* The bug one search would have reported: the lowest bound (dfs),
     * then the lowest part, then (random, pct) the lowest run. */
    if (!best || (dfs && r->bug_bound < best->bug_bound) ||
        ((!dfs || r->bug_bound == best->bug_bound) &&
         (r->bug_part < best->bug_part || (r->bug_part == best->bug_part && r->bug_run < best->bug_run))))
      best = r;
  }
  if (best) {
    m->found = true;
    m->kind = best->kind;
    sim_schedule_copy(&m->bug, &best->bug);
    m->bug_preemptions = best->bug_preemptions;
    m->bug_bound = best->bug_bound;
    m->bug_part = best->bug_part;
    m->bug_run = best->bug_run;
    m->found_at = 0; /* unknown: it depends on the other shards' parts */
    m->exhausted = false;
  }
  return true;
}

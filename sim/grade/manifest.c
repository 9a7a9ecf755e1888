/* Reading grade manifests (see manifest.h and docs/grade-manifest.md).
 *
 * The people who read these errors are writing exercises, so every error
 * names the file, the line and the word, and says what to write instead.
 * Unknown directives and keys are errors rather than warnings: a typo in a
 * key (`point 30`) must not silently grade a scenario for zero points.
 */
#include "manifest.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WORDS_MAX 64
#define LINE_MAX_BYTES 4096

static char *dupstr(const char *s) {
  char *p = strdup(s);
  if (!p) abort();
  return p;
}

/* The verdicts a program can get, from the simulator's own table (so a
 * verdict the simulator adds is known here at once): all but a replay that
 * diverged and one of the simulator's own limits. */
static bool program_verdict(int kind) { return kind != SIM_VERDICT_DIVERGED && kind != SIM_VERDICT_LIMIT; }

/* "ok, access-violation, ...", for messages. */
static const char *verdict_id_list(void) {
  static char list[512];
  if (!list[0]) {
    size_t at = 0;
    for (int k = 0; k < SIM_VERDICT_COUNT; k++)
      if (program_verdict(k))
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", at ? ", " : "", sim_verdict_id(k));
  }
  return list;
}

bool grade_verdict_id_known(const char *id) {
  for (int k = 0; k < SIM_VERDICT_COUNT; k++)
    if (program_verdict(k) && strcmp(id, sim_verdict_id(k)) == 0) return true;
  return false;
}

int grade_split_words(char *line, char **words, int max, struct strbuf *err) {
  int n = 0;
  char *p = line;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (!*p || *p == '#') return n;
    if (n == max) {
      strbuf_printf(err, "more than %d words on one line", max);
      return -1;
    }
    if (*p == '"') {
      /* A quoted word is unescaped in place: the result is never longer. */
      char *out = ++p;
      words[n++] = out;
      for (;;) {
        if (!*p || *p == '\n' || *p == '\r') {
          strbuf_printf(err, "a quoted string is not closed (end it with \")");
          return -1;
        }
        if (*p == '"') break;
        if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) p++;
        else if (*p == '\\') {
          strbuf_printf(err, "\\%c in a quoted string: only \\\" and \\\\ are escapes", p[1] ? p[1] : ' ');
          return -1;
        }
        *out++ = *p++;
      }
      p++;
      if (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '#') {
        strbuf_printf(err, "a quoted string must be followed by a blank");
        return -1;
      }
      if (*p == '#') *p = '\0';
      else if (*p) p++;
      *out = '\0';
      continue;
    }
    words[n++] = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '#') {
      if (*p == '"') {
        strbuf_printf(err, "a quote inside a word (quote the whole word: \"...\")");
        return -1;
      }
      p++;
    }
    if (*p == '#') {
      *p = '\0';
      return n;
    }
    if (*p) *p++ = '\0';
  }
}

static bool parse_u64(const char *s, uint64_t max, uint64_t *out) {
  char *end;
  if (!*s || *s == '-' || *s == '+') return false;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || v > max) return false;
  *out = v;
  return true;
}

static bool is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool valid_name(const char *s) {
  if (!*s || strlen(s) > 64) return false;
  for (const char *p = s; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
          *p == '-' || *p == '_' || *p == '.'))
      return false;
  return s[0] != '.';
}

static const char *base_name(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? slash + 1 : path;
}

/* One scenario line: `scenario NAME` then keys in any order. */
static bool parse_scenario(char **w, int n, const char *file, int lineno, const char *scen_root,
                           bool from_hidden, grade_manifest *m, struct strbuf *err) {
#define BAD(...)                                            \
  do {                                                      \
    strbuf_printf(err, "%s:%d: ", file, lineno);            \
    strbuf_printf(err, __VA_ARGS__);                        \
    return false;                                           \
  } while (0)
  if (n < 2) BAD("write: scenario NAME points N [keys...]");
  const char *name = w[1];
  if (!valid_name(name))
    BAD("\"%s\" is not a scenario name (letters, digits, '-', '_' and '.', at most 64)", name);
  for (int i = 0; i < m->n_scenarios; i++)
    if (strcmp(m->scenarios[i].name, name) == 0)
      BAD("scenario \"%s\" is declared twice (also at %s:%d)", name, m->scenarios[i].manifest,
          m->scenarios[i].line);
  if (m->n_scenarios == GRADE_SCENARIOS_MAX) BAD("at most %d scenarios per exercise", GRADE_SCENARIOS_MAX);

  grade_scenario s = {0};
  s.strategy = SIM_STRATEGY_DFS;
  s.bound = 2;
  s.seed = 1;
  s.depth = 3;
  s.time_limit_s = GRADE_TIME_LIMIT_DEFAULT_S;
  s.hidden = from_hidden;
  s.points = -1;
  bool seen_visibility = false, seen_strategy = false, seen_bound = false, seen_schedules = false,
       seen_seed = false, seen_depth = false, seen_time = false, seen_details = false;
  const char *buggy = NULL, *progress = NULL;

  for (int i = 2; i < n; i++) {
    const char *k = w[i];
    const char *v = i + 1 < n ? w[i + 1] : NULL;
    uint64_t x;
#define ONCE(flag)                                                                          \
  do {                                                                                      \
    if (flag) BAD("scenario %s: \"%s\" is given twice", name, k);                           \
    flag = true;                                                                            \
  } while (0)
#define NEED(what)                                                                          \
  do {                                                                                      \
    if (!v) BAD("scenario %s: \"%s\" needs %s", name, k, what);                             \
    i++;                                                                                    \
  } while (0)
    if (strcmp(k, "points") == 0) {
      if (s.points >= 0) BAD("scenario %s: \"points\" is given twice", name);
      NEED("a number");
      if (!parse_u64(v, GRADE_POINTS_MAX, &x))
        BAD("scenario %s: points \"%s\": expected a whole number from 0 to %d", name, v, GRADE_POINTS_MAX);
      s.points = (int)x;
    } else if (strcmp(k, "public") == 0 || strcmp(k, "hidden") == 0) {
      ONCE(seen_visibility);
      s.hidden = strcmp(k, "hidden") == 0;
    } else if (strcmp(k, "details") == 0) {
      ONCE(seen_details);
      NEED("\"shown\" or \"hidden\"");
      if (strcmp(v, "shown") == 0) s.details_shown = true;
      else if (strcmp(v, "hidden") == 0) s.details_shown = false;
      else BAD("scenario %s: details \"%s\": expected shown or hidden", name, v);
    } else if (strcmp(k, "strategy") == 0) {
      ONCE(seen_strategy);
      NEED("dfs, random or pct");
      if (strcmp(v, "dfs") == 0) s.strategy = SIM_STRATEGY_DFS;
      else if (strcmp(v, "random") == 0) s.strategy = SIM_STRATEGY_RANDOM;
      else if (strcmp(v, "pct") == 0) s.strategy = SIM_STRATEGY_PCT;
      else BAD("scenario %s: strategy \"%s\": expected dfs, random or pct", name, v);
    } else if (strcmp(k, "bound") == 0) {
      ONCE(seen_bound);
      NEED("a number");
      if (!parse_u64(v, 64, &x)) BAD("scenario %s: bound \"%s\": expected 0 to 64", name, v);
      s.bound = (int)x;
    } else if (strcmp(k, "schedules") == 0) {
      ONCE(seen_schedules);
      NEED("a number");
      if (!parse_u64(v, UINT64_MAX, &x) || x == 0)
        BAD("scenario %s: schedules \"%s\": expected a positive number", name, v);
      s.schedules = x;
    } else if (strcmp(k, "seed") == 0) {
      ONCE(seen_seed);
      NEED("a number");
      if (!parse_u64(v, UINT64_MAX, &x)) BAD("scenario %s: seed \"%s\": expected a number", name, v);
      s.seed = x;
    } else if (strcmp(k, "depth") == 0) {
      ONCE(seen_depth);
      NEED("a number");
      if (!parse_u64(v, 16, &x) || x < 1) BAD("scenario %s: depth \"%s\": expected 1 to 16", name, v);
      s.depth = (int)x;
    } else if (strcmp(k, "time-limit") == 0) {
      ONCE(seen_time);
      NEED("seconds");
      char *end;
      double t = strtod(v, &end);
      if (*end || !(t > 0) || t > GRADE_TIME_LIMIT_MAX_S)
        BAD("scenario %s: time-limit \"%s\": expected seconds, more than 0 and at most %.0f", name, v,
            GRADE_TIME_LIMIT_MAX_S);
      s.time_limit_s = t;
    } else if (strcmp(k, "buggy") == 0) {
      if (buggy) BAD("scenario %s: \"buggy\" is given twice", name);
      NEED("a verdict id");
      if (!grade_verdict_id_known(v))
        BAD("scenario %s: buggy \"%s\" is not a verdict id (%s)", name, v, verdict_id_list());
      buggy = v;
    } else if (strcmp(k, "progress") == 0) {
      if (progress) BAD("scenario %s: \"progress\" is given twice", name);
      NEED("a quoted text");
      if (!*v || strchr(v, '\n')) BAD("scenario %s: progress needs a non-empty text on one line", name);
      progress = v;
    } else {
      BAD("scenario %s: unknown key \"%s\" (expected points, public, hidden, details, strategy, "
          "bound, schedules, seed, depth, time-limit, buggy or progress)", name, k);
    }
#undef ONCE
#undef NEED
  }
  if (s.points < 0) BAD("scenario %s: no points (write: points N)", name);
  if (seen_bound && s.strategy != SIM_STRATEGY_DFS)
    BAD("scenario %s: bound applies to strategy dfs (random and pct take schedules and seed)", name);
  if (seen_depth && s.strategy != SIM_STRATEGY_PCT) BAD("scenario %s: depth applies to strategy pct", name);
  if (seen_seed && s.strategy == SIM_STRATEGY_DFS)
    BAD("scenario %s: seed applies to strategies random and pct (dfs explores every schedule)", name);
  if (s.details_shown && !s.hidden) BAD("scenario %s: \"details shown\" applies to hidden scenarios", name);
  if (s.strategy != SIM_STRATEGY_DFS && !s.schedules) s.schedules = GRADE_SCHEDULES_DEFAULT;

  char dir[PATH_MAX], manifest[PATH_MAX + 16];
  snprintf(dir, sizeof dir, "%s/scenarios/%s", scen_root, name);
  snprintf(manifest, sizeof manifest, "%s/scenario.txt", dir);
  if (access(manifest, R_OK) != 0)
    BAD("scenario %s: cannot read %s: %s (each scenario is a folder scenarios/NAME with a "
        "scenario.txt)", name, manifest, strerror(errno));
#undef BAD
  s.name = dupstr(name);
  s.buggy = buggy ? dupstr(buggy) : NULL;
  s.progress = progress ? dupstr(progress) : NULL;
  s.dir = dupstr(dir);
  s.from_hidden_dir = from_hidden;
  s.manifest = dupstr(file);
  s.line = lineno;
  m->scenarios[m->n_scenarios++] = s;
  m->points_max += s.points;
  return true;
}

/* Reads one grade.txt from folder `root`.  For the hidden manifest,
 * m->exercise and m->submission_dll are already set and must match. */
static bool parse_file(const char *root, bool hidden, grade_manifest *m, struct strbuf *err) {
  char file[PATH_MAX];
  snprintf(file, sizeof file, "%s/grade.txt", root);
  FILE *f = fopen(file, "r");
  if (!f) {
    strbuf_printf(err, "cannot read %s: %s (%s)", file, strerror(errno),
                  hidden ? "--hidden names a folder holding grade.txt and scenarios/"
                         : "an exercise folder holds grade.txt and scenarios/");
    return false;
  }
  char line[LINE_MAX_BYTES + 2];
  int lineno = 0;
  bool ok = true, seen_exercise = false, seen_submission = false;
  while (ok && fgets(line, sizeof line, f)) {
    lineno++;
    if (strlen(line) > LINE_MAX_BYTES) {
      strbuf_printf(err, "%s:%d: the line is longer than %d bytes", file, lineno, LINE_MAX_BYTES);
      ok = false;
      break;
    }
    char *w[WORDS_MAX];
    struct strbuf why = {0};
    int n = grade_split_words(line, w, WORDS_MAX, &why);
    if (n < 0) {
      strbuf_printf(err, "%s:%d: %s", file, lineno, strbuf_str(&why));
      strbuf_free(&why);
      ok = false;
      break;
    }
    strbuf_free(&why);
    if (n == 0) continue;
    if (strcmp(w[0], "exercise") == 0) {
      if (seen_exercise || n != 2) {
        strbuf_printf(err, "%s:%d: %s", file, lineno,
                      seen_exercise ? "\"exercise\" is given twice" : "write: exercise NAME");
        ok = false;
      } else if (strcmp(w[1], m->exercise) != 0) {
        strbuf_printf(err, "%s:%d: exercise \"%s\" does not match the exercise folder \"%s\"%s", file,
                      lineno, w[1], m->exercise,
                      hidden ? " (the hidden manifest names the exercise it belongs to)" : "");
        ok = false;
      }
      seen_exercise = true;
    } else if (strcmp(w[0], "submission") == 0) {
      size_t len = n == 2 ? strlen(w[1]) : 0;
      if (seen_submission || n != 2 || len < 5 || strcasecmp(w[1] + len - 4, ".dll") != 0 ||
          strchr(w[1], '/')) {
        strbuf_printf(err, "%s:%d: %s", file, lineno,
                      seen_submission ? "\"submission\" is given twice" : "write: submission NAME.dll");
        ok = false;
      } else if (hidden && strcmp(w[1], m->submission_dll) != 0) {
        strbuf_printf(err, "%s:%d: submission \"%s\" differs from the exercise's \"%s\"", file, lineno,
                      w[1], m->submission_dll);
        ok = false;
      } else if (!hidden) {
        m->submission_dll = dupstr(w[1]);
      }
      seen_submission = true;
    } else if (strcmp(w[0], "scenario") == 0) {
      if (!seen_exercise || !seen_submission) {
        strbuf_printf(err, "%s:%d: write the exercise and submission lines before the scenarios", file,
                      lineno);
        ok = false;
      } else {
        ok = parse_scenario(w, n, file, lineno, root, hidden, m, err);
      }
    } else {
      strbuf_printf(err, "%s:%d: unknown directive \"%s\" (expected exercise, submission or scenario)",
                    file, lineno, w[0]);
      ok = false;
    }
  }
  if (ok && ferror(f)) {
    strbuf_printf(err, "cannot read %s: %s", file, strerror(errno));
    ok = false;
  }
  fclose(f);
  if (ok && (!seen_exercise || !seen_submission)) {
    strbuf_printf(err, "%s: no %s line", file, !seen_exercise ? "exercise" : "submission");
    ok = false;
  }
  return ok;
}

bool grade_manifest_load(const char *exercise, const char *hidden_dir, grade_manifest *m,
                         struct strbuf *err) {
  memset(m, 0, sizeof *m);
  char path[PATH_MAX], abs[PATH_MAX];
  /* A folder path, or a name under the source tree's exercises/. */
  snprintf(path, sizeof path, "%s", exercise);
  if (!is_dir(path) && !strchr(exercise, '/'))
    snprintf(path, sizeof path, "%s/exercises/%s", LOADERLAB_SOURCE_DIR, exercise);
  if (!is_dir(path) || !realpath(path, abs)) {
    strbuf_printf(err, "no exercise \"%s\": give an exercise folder (holding grade.txt) or the name of "
                  "one under %s/exercises", exercise, LOADERLAB_SOURCE_DIR);
    return false;
  }
  m->exercise_dir = dupstr(abs);
  m->exercise = dupstr(base_name(abs));
  m->exercise_arg = dupstr(exercise);
  bool ok = parse_file(abs, false, m, err);
  if (ok && hidden_dir) {
    char habs[PATH_MAX];
    if (!is_dir(hidden_dir) || !realpath(hidden_dir, habs)) {
      strbuf_printf(err, "--hidden %s: not a folder (it holds the hidden grade.txt and scenarios/)",
                    hidden_dir);
      ok = false;
    } else {
      size_t n = strlen(m->exercise_dir);
      if (strncmp(habs, m->exercise_dir, n) == 0 && (habs[n] == '/' || habs[n] == '\0')) {
        strbuf_printf(err, "--hidden %s is inside the exercise folder %s, which students have: keep "
                      "hidden scenarios outside the student repository", hidden_dir, m->exercise_dir);
        ok = false;
      } else {
        m->hidden_dir = dupstr(habs);
        ok = parse_file(habs, true, m, err);
      }
    }
  }
  if (ok && m->n_scenarios == 0) {
    strbuf_printf(err, "%s/grade.txt: no scenario lines (write: scenario NAME points N ...)", abs);
    ok = false;
  }
  if (!ok) grade_manifest_free(m);
  return ok;
}

void grade_manifest_free(grade_manifest *m) {
  for (int i = 0; i < m->n_scenarios; i++) {
    grade_scenario *s = &m->scenarios[i];
    free(s->name);
    free(s->buggy);
    free(s->progress);
    free(s->dir);
    free(s->manifest);
  }
  free(m->exercise);
  free(m->exercise_dir);
  free(m->exercise_arg);
  free(m->submission_dll);
  free(m->hidden_dir);
  memset(m, 0, sizeof *m);
}

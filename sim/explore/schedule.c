/* The printable schedule encoding (version 1), see loaderlab.h.
 *
 * Only the choices that differ from the default pick are recorded, so a
 * schedule is as long as the number of context switches a person would
 * have to make to reproduce the run by hand, and every recorded choice is
 * labelled with the thread and the call it was at, so that replaying it
 * after the program changed reports the first step that no longer fits
 * instead of silently running something else. */
#include "explore.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char phase_letters[] = {[SIM_PHASE_START] = 's', [SIM_PHASE_CALL] = 'c',
                                     [SIM_PHASE_RETURN] = 'r', [SIM_PHASE_RETRY] = 'y'};

char *sim_schedule_encode(const sim_schedule *s) {
  struct strbuf b = {0};
  strbuf_printf(&b, "1.%" PRIu64 ".%08x", s->steps, s->hash);
  for (int i = 0; i < s->n; i++) {
    const sim_choice *c = &s->choices[i];
    strbuf_printf(&b, ".%" PRIu64 "t%da%d%c", c->step, c->tid, c->api, phase_letters[c->phase]);
  }
  return strbuf_take(&b);
}

static void push(sim_schedule *s, sim_choice c) {
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->choices = realloc(s->choices, (size_t)s->cap * sizeof *s->choices);
    sim_assert(s->choices, "out of memory for a schedule");
  }
  s->choices[s->n++] = c;
}

static bool read_u64(const char **p, uint64_t *out) {
  if (!isdigit((unsigned char)**p)) return false;
  uint64_t v = 0;
  while (isdigit((unsigned char)**p)) {
    if (v > UINT64_MAX / 10) return false;
    v = v * 10 + (uint64_t)(**p - '0');
    (*p)++;
  }
  *out = v;
  return true;
}

bool sim_schedule_decode(const char *text, sim_schedule *out, struct strbuf *err) {
  memset(out, 0, sizeof *out);
  const char *p = text;
  uint64_t v;
#define FAIL(what)                                                                           \
  do {                                                                                       \
    strbuf_printf(err, "schedule \"%s\" is not valid: %s at character %d (copy the whole "   \
                  "schedule printed by loaderlab, e.g. 1.212.9f3c01ab.17t2a25c)",            \
                  text, what, (int)(p - text) + 1);                                          \
    sim_schedule_free(out);                                                                  \
    return false;                                                                            \
  } while (0)
  if (!read_u64(&p, &v)) FAIL("expected the version number");
  if (v != 1) {
    strbuf_printf(err, "schedule \"%s\" has version %" PRIu64 "; this loaderlab reads version 1",
                  text, v);
    return false;
  }
  out->version = 1;
  if (*p != '.') FAIL("expected '.' after the version");
  p++;
  if (!read_u64(&p, &out->steps)) FAIL("expected the number of steps");
  if (*p != '.') FAIL("expected '.' after the number of steps");
  p++;
  char *end;
  unsigned long h = strtoul(p, &end, 16);
  if (end - p != 8) FAIL("expected an 8-digit hexadecimal hash");
  out->hash = (uint32_t)h;
  p = end;
  out->has_end = true;
  uint64_t last = 0;
  while (*p) {
    sim_choice c = {0};
    if (*p != '.') FAIL("expected '.' before a choice");
    p++;
    if (!read_u64(&p, &c.step) || c.step == 0) FAIL("expected a step number");
    if (c.step <= last) FAIL("steps of choices must increase");
    last = c.step;
    if (*p++ != 't') FAIL("expected 't' and a thread number");
    if (!read_u64(&p, &v) || v == 0 || v > 1000000) FAIL("expected a thread number");
    c.tid = (int)v;
    if (*p++ != 'a') FAIL("expected 'a' and a call number");
    if (!read_u64(&p, &v) || v >= SIM_API_COUNT) FAIL("expected a known call number");
    c.api = (int)v;
    switch (*p++) {
    case 's': c.phase = SIM_PHASE_START; break;
    case 'c': c.phase = SIM_PHASE_CALL; break;
    case 'r': c.phase = SIM_PHASE_RETURN; break;
    case 'y': c.phase = SIM_PHASE_RETRY; break;
    default: p--; FAIL("expected a phase letter (s, c, r or y)");
    }
    if (c.step > out->steps) FAIL("a choice lies beyond the last step");
    push(out, c);
  }
#undef FAIL
  return true;
}

void sim_schedule_copy(sim_schedule *dst, const sim_schedule *src) {
  *dst = *src;
  dst->choices = NULL;
  dst->cap = dst->n = 0;
  for (int i = 0; i < src->n; i++) push(dst, src->choices[i]);
}

void sim_schedule_free(sim_schedule *s) {
  free(s->choices);
  memset(s, 0, sizeof *s);
}

bool sim_schedule_check_end(const sim_schedule *recorded, const sim_result *run,
                            struct strbuf *err) {
  if (!recorded->has_end) return true;
  if (run->schedule.steps != recorded->steps) {
    strbuf_printf(err, "the run ended after %" PRIu64 " step%s, but the schedule recorded %" PRIu64
                  ": the program is not the one the schedule was made with",
                  run->schedule.steps, run->schedule.steps == 1 ? "" : "s", recorded->steps);
    return false;
  }
  if (run->schedule.hash != recorded->hash) {
    strbuf_printf(err, "the run took as many steps as recorded, but its calls differ (hash %08x, "
                  "recorded %08x): the program is not the one the schedule was made with",
                  run->schedule.hash, recorded->hash);
    return false;
  }
  return true;
}

/* What is left at the end of the process: threads ExitProcess terminated,
 * handles still open, memory not freed, by image.  Information for the
 * student, not a verdict (a process that exits need not clean up; a DLL
 * that is unloaded must, and that is loader/loader.c's leak-at-unload).
 */
#include "check.h"

#include <string.h>

/* Lists of ids for a group: "2, 3, 4, 5, ... 1001" (the first few and the
 * last), so that a thousand of anything is one line. */
static void id_list(struct strbuf *out, const int *ids, int n, bool hex) {
  for (int i = 0; i < n; i++) {
    if (i == 4 && n > 6) {
      strbuf_puts(out, ", ...");
      i = n - 1;
    }
    strbuf_printf(out, hex ? "%s%#x" : "%s%d", i ? ", " : "", ids[i]);
  }
}

/* Up to this many groups are listed one per line; the rest are counted. */
#define GROUPS_SHOWN 8

void sim__resources_report(sim_result *res) {
  sim_run *r = sim__current_run;
  struct strbuf *out = &res->resources;
  char buf[160], key[200];
  int *ids = sim__arena_alloc(&r->arena, (size_t)(r->n_threads + r->n_handles + 1) * sizeof *ids);
  bool *done = sim__arena_alloc(&r->arena, (size_t)(r->n_threads + r->n_handles + 1) * sizeof *done);

  /* Terminated threads, grouped by where they started. */
  int killed = res->exited ? r->loader->n_killed_at_exit : 0;
  if (killed) {
    strbuf_printf(out, "threads still running at exit (terminated): %d\n", killed);
    memset(done, 0, (size_t)killed * sizeof *done);
    int groups = 0, rest = 0;
    for (int i = 0; i < killed; i++) {
      if (done[i]) continue;
      sim_thread *t = r->loader->killed_at_exit[i];
      const char *start = t->start ? sim__describe_code((void *)t->start, buf, sizeof buf) : "main";
      snprintf(key, sizeof key, "%s", start);
      int n = 0;
      for (int k = i; k < killed; k++) {
        sim_thread *o = r->loader->killed_at_exit[k];
        char other[160];
        if (done[k] || strcmp(o->start ? sim__describe_code((void *)o->start, other, sizeof other) : "main", key) != 0) continue;
        done[k] = true;
        ids[n++] = o->id;
      }
      if (++groups > GROUPS_SHOWN) {
        rest += n;
        continue;
      }
      if (n == 1) {
        char who[64];
        strbuf_printf(out, "  %s, started at %s\n", sim__thread_label(t, who, sizeof who), key);
      } else {
        strbuf_printf(out, "  %d threads started at %s: ", n, key);
        id_list(out, ids, n, false);
        strbuf_puts(out, "\n");
      }
    }
    if (rest) strbuf_printf(out, "  and %d more threads, started elsewhere\n", rest);
  }

  /* Open handles, grouped by what they are and where they were created. */
  int open = sim__handles_open();
  if (open) {
    strbuf_printf(out, "handles open at exit: %d\n", open);
    memset(done, 0, (size_t)sim__handle_slots() * sizeof *done);
    int groups = 0, rest = 0;
    for (int i = 0; i < sim__handle_slots(); i++) {
      sim_object *o = sim__handle_slot(i);
      if (!o || done[i]) continue;
      const char *kind = sim__object_type_name(o->type);
      char where[160] = "";
      if (o->created_at) sim__describe_code(o->created_at, where, sizeof where);
      int n = 0;
      for (int k = i; k < sim__handle_slots(); k++) {
        sim_object *q = sim__handle_slot(k);
        if (!q || done[k] || q->type != o->type) continue;
        char other[160] = "";
        if (q->created_at) sim__describe_code(q->created_at, other, sizeof other);
        if (strcmp(other, where) != 0) continue;
        done[k] = true;
        ids[n++] = (int)(uintptr_t)sim__handle_of_slot(k);
      }
      if (++groups > GROUPS_SHOWN) {
        rest += n;
        continue;
      }
      if (n == 1) {
        strbuf_printf(out, "  %#lx: %s", (unsigned long)(uintptr_t)sim__handle_of_slot(i),
                      sim__object_label(o, buf, sizeof buf));
      } else {
        strbuf_printf(out, "  %d %s handles (", n, kind);
        id_list(out, ids, n, true);
        strbuf_puts(out, ")");
      }
      if (where[0]) strbuf_printf(out, ", created at %s", where);
      strbuf_puts(out, "\n");
    }
    if (rest) strbuf_printf(out, "  and %d more handles of other kinds or creators\n", rest);
  }
  size_t bytes = 0;
  size_t blocks = sim__heap_live(NULL, &bytes);
  if (blocks) {
    strbuf_printf(out, "memory not freed at exit: %zu block%s, %zu bytes\n", blocks,
                  blocks == 1 ? "" : "s", bytes);
    sim_image *images[SIM_DLLS_MAX + 1];
    int n = 0;
    images[n++] = r->program->host;
    for (int i = 0; i < r->program->n_dlls; i++) images[n++] = r->program->dlls[i].image;
    for (int i = 0; i < n; i++) {
      size_t b = 0, k = sim__heap_live(images[i], &b);
      if (k) strbuf_printf(out, "  by %s: %zu block%s, %zu bytes\n", images[i]->name, k,
                           k == 1 ? "" : "s", b);
    }
  }
}

/* What is left at the end of the process: threads ExitProcess terminated,
 * handles still open, memory not freed, by image.  Information for the
 * student, not a verdict (a process that exits need not clean up; a DLL
 * that is unloaded must, and that is loader/loader.c's leak-at-unload).
 */
#include "check.h"

void sim__resources_report(sim_result *res) {
  sim_run *r = sim__current_run;
  struct strbuf *out = &res->resources;
  char buf[160], who[64];
  if (res->exited && r->loader->n_killed_at_exit) {
    strbuf_printf(out, "threads still running at exit (terminated): %d\n", r->loader->n_killed_at_exit);
    for (int i = 0; i < r->loader->n_killed_at_exit; i++) {
      sim_thread *t = r->loader->killed_at_exit[i];
      strbuf_printf(out, "  %s, started at %s\n", sim__thread_label(t, who, sizeof who),
                    t->start ? sim__describe_code((void *)t->start, buf, sizeof buf) : "main");
    }
  }
  int open = sim__handles_open();
  if (open) {
    strbuf_printf(out, "handles open at exit: %d\n", open);
    for (int i = 0; i < sim__handle_slots(); i++) {
      sim_object *o = sim__handle_slot(i);
      if (!o) continue;
      strbuf_printf(out, "  %#lx: %s", (unsigned long)(uintptr_t)sim__handle_of_slot(i),
                    sim__object_label(o, buf, sizeof buf));
      if (o->created_at) strbuf_printf(out, ", created at %s", sim__describe_code(o->created_at, buf, sizeof buf));
      strbuf_puts(out, "\n");
    }
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

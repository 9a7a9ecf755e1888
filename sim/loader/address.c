/* What an address belongs to: an image of the running program, a module
 * (loaded or unloaded), a heap block, a thread's stack; and naming it for
 * people.
 *
 * Addresses are named so that they read the same in every process: a
 * symbol and offset in an image, a heap block by its number in the run, a
 * thread's stack, never a raw pointer when something better exists.
 */
#include "loader.h"

#include <dlfcn.h>
#include <string.h>

sim_image *sim__image_of_address(const void *addr) {
  sim_run *r = sim__current_run;
  uintptr_t a = (uintptr_t)addr;
  if (!r) return NULL;
  if (sim__image_contains(r->program->host, a)) return r->program->host;
  for (int i = 0; i < r->program->n_dlls; i++)
    if (sim__image_contains(r->program->dlls[i].image, a)) return r->program->dlls[i].image;
  return NULL;
}

bool sim__in_program_code(const void *pc) { return sim__image_of_address(pc) != NULL; }

sim_module *sim__module_of_address(const void *addr) {
  sim_run *r = sim__current_run;
  /* A lookup by address only reads: the calls that change a module after
   * it (GetModuleHandleEx) hold the loader lock, and mapping and unmapping
   * are global. */
  sim__fp_touch(SIM_RES_MODULES, 0, false);
  uintptr_t a = (uintptr_t)addr;
  for (int i = 0; i < r->loader->n_modules; i++)
    if (sim__image_contains(r->loader->modules[i].dll->image, a)) return &r->loader->modules[i];
  return NULL;
}

sim_module *sim__unloaded_module_at(const void *addr) {
  sim_module *m = sim__module_of_address(addr);
  return m && m->state == SIM_MOD_UNLOADED && m->loads > 0 ? m : NULL;
}

bool sim__readable(const void *addr) {
  sim_image *im = sim__image_of_address(addr);
  return !im || !im->is_protected;
}

bool sim__code_healed(const void *at) {
  sim_run *r = sim__current_run;
  sim_image *im = r ? sim__image_of_address(at) : NULL;
  if (!im || !sim__image_is_text(im, (uintptr_t)at) || im->n_poisoned || im->is_protected) return false;
  for (int i = 0; i < r->loader->n_modules; i++)
    if (r->loader->modules[i].dll->image == im && r->loader->modules[i].state != SIM_MOD_LOADED)
      return false;
  return true;
}

static const char *describe_in_image(const sim_image *im, uintptr_t a, bool code, char *buf,
                                     size_t size) {
  const sim_symbol *s = sim__image_symbol_at(im, a);
  if (s && (code ? s->func : true)) {
    if (a == s->addr) snprintf(buf, size, "%s (%s)", s->name, im->name);
    else snprintf(buf, size, "%s+%#lx (%s)", s->name, (unsigned long)(a - s->addr), im->name);
  } else {
    snprintf(buf, size, "%s+%#lx", im->name, (unsigned long)(a - im->lo));
  }
  return buf;
}

const char *sim__loader_describe_address(const void *addr, char *buf, size_t size) {
  sim_run *r = sim__current_run;
  uintptr_t a = (uintptr_t)addr;
  if (!addr) {
    snprintf(buf, size, "NULL");
    return buf;
  }
  if (r && addr == &r->loader_lock) {
    snprintf(buf, size, "loader lock");
    return buf;
  }
  sim_image *im = sim__image_of_address(addr);
  if (im) return describe_in_image(im, a, false, buf, size);
  if (sim__heap_describe(addr, buf, size)) return buf;
  if (r) {
    for (int i = 0; i < r->n_threads; i++) {
      sim_thread *t = r->threads[i];
      if (!t->stack) continue;
      uintptr_t lo = (uintptr_t)t->stack->lo, hi = lo + t->stack->size;
      if (a >= lo && a < hi) {
        snprintf(buf, size, "stack of thread %d (top-%#lx)", t->id, (unsigned long)(hi - a));
        return buf;
      }
    }
  }
  snprintf(buf, size, "%#lx", (unsigned long)a);
  return buf;
}

const char *sim__describe_code(const void *addr, char *buf, size_t size) {
  if (!addr) {
    snprintf(buf, size, "(unknown)");
    return buf;
  }
  sim_image *im = sim__image_of_address(addr);
  if (im) return describe_in_image(im, (uintptr_t)addr, true, buf, size);
  /* The simulator's own code (a thread-pool thread's routine, say) by its
   * exported name, which reads the same in every process. */
  Dl_info info;
  if (dladdr(addr, &info) && info.dli_sname && info.dli_saddr == addr) {
    snprintf(buf, size, "%s (the simulator)", info.dli_sname);
    return buf;
  }
  snprintf(buf, size, "%#lx (the simulator)", (unsigned long)(uintptr_t)addr);
  return buf;
}

const char *sim__module_label(HMODULE h, char *buf, size_t size) {
  sim_run *r = sim__current_run;
  sim_module *m = r ? sim__module_from_handle(h) : NULL;
  if (r && h == sim__host_handle()) snprintf(buf, size, "%s", r->program->host->name);
  else if (!h) snprintf(buf, size, "NULL");
  else if (!m) snprintf(buf, size, "%#lx (not a module handle)", (unsigned long)(uintptr_t)h);
  else if (m->state == SIM_MOD_LOADED) snprintf(buf, size, "%s", m->dll->name);
  else snprintf(buf, size, "%s (unloaded)", m->dll->name);
  return buf;
}

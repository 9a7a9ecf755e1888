/* The loader's part of a state fingerprint (explore/state_cache.c): every
 * module's state, the static data of the host and of every loaded DLL, the
 * protection and poisoned code pages of every image, what unloaded DLLs
 * may have left behind, the DllMain misuse seen, and the atexit list.
 *
 * Refuses (returns false) where the loader is in the middle of something
 * a fingerprint does not describe: a DllMain call under way, an unload
 * under way, the process exiting.
 *
 * Left out: the static data of an unloaded DLL that nothing points to
 * (unmap.c leaves such an image mapped, since no pointer reaches it, and
 * the next load restores its data from the image's snapshot), and the
 * steps at which modules were loaded and unloaded, which only messages
 * name.
 */
#include "loader.h"

static void describe_image(sim_fingerprint *f, const sim_image *im, bool loaded) {
  sim__fingerprint_u64(f, (uintptr_t)im);
  sim__fingerprint_u64(f, im->is_protected);
  sim__fingerprint_u64(f, (uint64_t)im->n_poisoned);
  sim__fingerprint_bytes(f, im->poisoned, (size_t)im->n_poisoned * sizeof im->poisoned[0]);
  if (!loaded || im->is_protected) return;
  for (int i = 0; i < im->n_segs; i++) {
    const sim_segment *s = &im->segs[i];
    if (!s->data) continue;
    sim__fingerprint_bytes(f, (const void *)s->own_lo, s->own_hi - s->own_lo);
  }
}

bool sim__loader_fingerprint(const sim_run *r, sim_fingerprint *f) {
  const struct sim_loader_run *l = r->loader;
  const sim_thread *live = r->cur;
  if (!l || l->unload_depth != 0 || l->process_exiting || l->exiting_thread || l->exit_atexit ||
      l->n_killed_at_exit != 0)
    return false;
  if (!live) return false;
  for (int i = 0; i < r->n_threads; i++) {
    const sim_thread *t = r->threads[i];
    if (t->state != SIM_T_EXITED && (t->dllmain_depth != 0 || t->dllmain_module || t->killed_at_exit)) return false;
  }
  sim__fingerprint_u64(f, (uint64_t)l->n_modules);
  sim__fingerprint_u64(f, (uint64_t)l->attach_counter);
  for (int i = 0; i < l->n_modules; i++) {
    const sim_module *m = &l->modules[i];
    sim__fingerprint_u64(f, (uint64_t)m->state);
    sim__fingerprint_u64(f, (uint64_t)m->refs);
    uint64_t flags = (uint64_t)m->pinned | (uint64_t)m->attached << 1 | (uint64_t)m->thread_calls_disabled << 2;
    sim__fingerprint_u64(f, flags);
    sim__fingerprint_u64(f, (uint64_t)m->init_order);
    sim__fingerprint_u64(f, (uint64_t)m->unloaded_by);
    sim__fingerprint_u64(f, (uint64_t)m->loads);
    sim__fingerprint_u64(f, (uintptr_t)m->handle);
    describe_image(f, m->dll->image, m->state == SIM_MOD_LOADED);
  }
  describe_image(f, r->program->host, true);
  sim__fingerprint_u64(f, (uint64_t)l->leak_tid);
  sim__leak_candidates_fingerprint(r, f);
  sim__fingerprint_bytes(f, l->misuse_report.data, l->misuse_report.len);
  sim__fingerprint_u64(f, (uint64_t)l->misuse_tid);
  sim__fingerprint_u64(f, (uint64_t)l->n_atexit);
  for (int i = 0; i < l->n_atexit; i++) {
    sim__fingerprint_u64(f, (uintptr_t)l->atexit_fns[i].fn);
    sim__fingerprint_u64(f, (uintptr_t)l->atexit_fns[i].image);
  }
  return true;
}

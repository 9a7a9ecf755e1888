/* atexit functions, with the image whose code registered each.
 *
 * A DLL linked with its own C runtime runs its atexit functions when it is
 * unloaded (from its DLL_PROCESS_DETACH), and the host's run when it calls
 * exit; so the loader keeps them per image and runs an image's own,
 * newest first, at its unload (loader.c) or at exit (api/crt.c).
 *
 * Left out: _onexit and at_quick_exit.
 */
#include "loader.h"

#include <string.h>

void sim__atexit_register(void (*fn)(void), const sim_image *im) {
  sim_run *r = sim__current_run;
  struct sim_loader_run *l = r->loader;
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  sim_assert(l->n_atexit <= l->cap_atexit, "atexit table broken");
  if (l->n_atexit == l->cap_atexit) {
    int cap = l->cap_atexit ? l->cap_atexit * 2 : 32;
    struct sim_atexit *fns = sim__arena_alloc(&r->arena, (size_t)cap * sizeof *fns);
    if (l->n_atexit) memcpy(fns, l->atexit_fns, (size_t)l->n_atexit * sizeof *fns);
    l->atexit_fns = fns;
    l->cap_atexit = cap;
  }
  l->atexit_fns[l->n_atexit].fn = fn;
  l->atexit_fns[l->n_atexit].image = im;
  l->n_atexit++;
}

void sim__run_atexit(sim_thread *t, const sim_image *im) {
  sim_run *r = sim__current_run;
  struct sim_loader_run *l = r->loader;
  sim__fp_touch(SIM_RES_MODULES, 0, true);
  for (int i = l->n_atexit - 1; i >= 0; i--) {
    if (l->atexit_fns[i].image != im || !l->atexit_fns[i].fn) continue;
    void (*fn)(void) = l->atexit_fns[i].fn;
    l->atexit_fns[i].fn = NULL;
    if (r->n_unloaded) sim__check_call(t, (void *)fn, "call an atexit function at");
    sim__in_simulator = 0;
    fn();
    sim__in_simulator = 1;
  }
}

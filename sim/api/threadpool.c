/* The thread pool of windows.h, part one: callback environments, work
 * objects, simple callbacks, QueueUserWorkItem, callback instances and
 * cleanup groups, and the workers that run every callback
 * (threadpool_waiter.c has timers, waits and I/O).
 *
 * Models the documented behaviour, with Wine's dlls/ntdll/threadpool.c as
 * the readable reference:
 * - Workers are simulated threads, scheduled like any other, so every
 *   interleaving of callbacks with the rest of the program is explored.
 *   When a callback is queued and no worker is idle, a new worker starts
 *   (up to 500, Wine's and the documented default maximum); Windows
 *   starts threads more slowly, which only removes interleavings.  Pool
 *   threads send DLL_THREAD_ATTACH and DLL_THREAD_DETACH like any thread,
 *   so a worker started under the loader lock waits for it to start.
 * - Each Submit runs the callback once; callbacks of one object may run
 *   in parallel.  Callbacks are taken first in, first out.
 * - An object holds a reference to its environment's library
 *   (SetThreadpoolCallbackLibrary) from its creation until it is closed
 *   and its last callback has returned: the library cannot be unloaded
 *   under a callback, which is the unload protection Microsoft documents.
 *   A callback whose code was unloaded anyway faults when a worker calls
 *   it.
 * - After a callback returns (a step of its own), the pool does what the
 *   callback asked with the ...WhenCallbackReturns functions, in Wine's
 *   order: leave the critical section, release the mutex, release the
 *   semaphore, set the event, free the library; a release that fails
 *   skips the rest.
 * - WaitFor...Callbacks waits for queued and running callbacks (a callback
 *   that called DisassociateCurrentThreadFromCallback no longer counts);
 *   called under the loader lock while callbacks are outstanding, it is
 *   DllMain misuse.  Called from a callback of the same object, it waits
 *   for itself.
 *
 * Misuse that corrupts the pool on Windows (a pointer that is not a pool
 * object, an object used after it was closed) ends the run as a crash.
 *
 * - A pool thread with nothing to do for 5 s of virtual time exits (with
 *   DLL_THREAD_DETACH), as Windows' and Wine's do, so that a process whose
 *   own threads have all ended ends too.
 *
 * Left out: private pools (CreateThreadpool and its limits), callback
 * priorities, activation contexts and persistent threads.
 */
#include "threadpool.h"

#include <string.h>

#define TP_OBJECT_MAGIC 0x74706f62u   /* "tpob" */
#define TP_INSTANCE_MAGIC 0x74706369u /* "tpci" */
#define TP_GROUP_MAGIC 0x74706367u    /* "tpcg" */
#define POOL_WORKERS_MAX 500

/* What a PTP_CALLBACK_INSTANCE points at: one running callback, on its
 * worker's stack. */
typedef struct tp_instance {
  uint32_t magic;
  tp_object *object;
  sim_thread *thread;
  bool associated;
  struct tp_instance *next;       /* the pool's running callbacks */
  /* what to do when the callback returns (the first request of each kind) */
  CRITICAL_SECTION *leave;
  HANDLE mutex, semaphore, event;
  DWORD semaphore_count;
  HMODULE library;
} tp_instance;

struct tp_group {
  uint32_t magic;
  int serial;
  tp_object *members;
  bool closed;
};

static const char *const type_names[TP_T_COUNT] = {
    [TP_T_WORK] = "work", [TP_T_SIMPLE] = "callback", [TP_T_ITEM] = "work item",
    [TP_T_TIMER] = "pool timer", [TP_T_WAIT] = "pool wait", [TP_T_IO] = "pool I/O",
};

struct sim_api_run *sim__api_run(void) {
  sim_run *r = sim__current_run;
  if (!r->api) r->api = sim__arena_alloc(&r->arena, sizeof *r->api);
  return r->api;
}

tp_pool *sim__tp_pool(void) {
  struct sim_api_run *a = sim__api_run();
  if (!a->pool) a->pool = sim__arena_alloc(&sim__current_run->arena, sizeof *a->pool);
  return a->pool;
}

const char *sim__tp_label(const tp_object *o, char *buf, size_t size) {
  snprintf(buf, size, "%s#%d", type_names[o->type], o->serial);
  return buf;
}

/* ---- Libraries ----------------------------------------------------------------- */

/* LdrAddRefDll: one more reference, under the loader lock. */
static void library_add_ref(sim_thread *self, HMODULE h) {
  sim_run *r = sim__current_run;
  sim__cs_enter(self, &r->loader_lock);
  sim_module *m = sim__module_from_handle(h);
  if (m && m->state == SIM_MOD_LOADED) m->refs++;
  else sim__warn(self, "the callback environment's library %#lx is not a loaded module",
                (unsigned long)(uintptr_t)h);
  sim__cs_leave(self, &r->loader_lock);
}

/* The pool's FreeLibrary (LdrUnloadDll on Windows): the last reference
 * detaches and unmaps the module, here on the calling pool thread. */
static void library_release(sim_thread *self, HMODULE h, const char *why) {
  sim_run *r = sim__current_run;
  if (r->loader->process_exiting) return;
  sim__cs_enter(self, &r->loader_lock);
  sim_module *m = sim__module_from_handle(h);
  if (m && m->state == SIM_MOD_LOADED) {
    if (sim__tracing())
      sim__trace(self, SIM_EV_CALL, NULL, "the thread pool frees %s (%s): reference count %d -> %d%s",
                m->dll->name, why, m->refs, m->pinned ? m->refs : m->refs - 1,
                m->pinned ? " (pinned)" : "");
    sim__module_free(self, m);
  } else {
    sim__warn(self, "the thread pool frees library %#lx (%s), which is not loaded (freed twice?)",
             (unsigned long)(uintptr_t)h, why);
  }
  sim__cs_leave(self, &r->loader_lock);
}

/* ---- Objects ------------------------------------------------------------------- */

tp_object *sim__tp_create(sim_thread *self, tp_type type, void *callback, void *context,
                         PTP_CALLBACK_ENVIRON pcbe) {
  sim_run *r = sim__current_run;
  tp_pool *pool = sim__tp_pool();
  tp_object *o = sim__arena_alloc(&r->arena, sizeof *o);
  o->magic = TP_OBJECT_MAGIC;
  o->type = type;
  o->serial = ++pool->serial[type];
  o->callback = callback;
  o->context = context;
  o->refs = 1;
  o->wait_deadline_ms = SIM_NO_DEADLINE;
  if (pcbe) {
    o->library = (HMODULE)pcbe->RaceDll;
    o->finalization = pcbe->FinalizationCallback;
    o->group_cancel = pcbe->CleanupGroupCancelCallback;
    tp_group *g = (tp_group *)pcbe->CleanupGroup;
    if (g) {
      if (g->magic != TP_GROUP_MAGIC || g->closed)
        sim__finish(SIM_VERDICT_CRASH, self, "the callback environment names cleanup group %p, "
                   "which is not an open cleanup group", (void *)g);
      o->group = g;
      o->group_member = true;
      o->group_next = g->members;
      g->members = o;
    }
  }
  if (o->library) library_add_ref(self, o->library);
  if (type == TP_T_TIMER || type == TP_T_WAIT || type == TP_T_IO) {
    o->watched_next = pool->watched;
    pool->watched = o;
  }
  return o;
}

tp_object *sim__tp_object(sim_thread *self, const void *p, tp_type type, const char *fn) {
  const tp_object *o = p;
  char what[48];
  if (!o || o->magic != TP_OBJECT_MAGIC || o->type != type)
    sim__finish(SIM_VERDICT_CRASH, self, "%s(%p): not a thread-pool %s object (Windows corrupts "
               "or faults)", fn, p, type_names[type]);
  if (o->released || (o->closed && type != TP_T_SIMPLE && type != TP_T_ITEM))
    sim__finish(SIM_VERDICT_CRASH, self, "%s(%s): the object was closed already (a use after "
               "Close, which Windows does not survive)", fn, sim__tp_label(o, what, sizeof what));
  return (tp_object *)o;
}

static void unwatch(tp_object *o) {
  tp_pool *pool = sim__tp_pool();
  for (tp_object **p = &pool->watched; *p; p = &(*p)->watched_next) {
    if (*p != o) continue;
    *p = o->watched_next;
    return;
  }
}

static void group_remove(tp_object *o) {
  if (!o->group_member) return;
  for (tp_object **p = &o->group->members; *p; p = &(*p)->group_next) {
    if (*p != o) continue;
    *p = o->group_next;
    break;
  }
  o->group_member = false;
}

void sim__tp_release(sim_thread *self, tp_object *o) {
  sim_assert(o->refs > 0, "releasing a thread-pool object with no references");
  if (--o->refs > 0) return;
  o->released = true;
  group_remove(o);
  unwatch(o);
  if (o->type == TP_T_IO && o->io_file && o->io_file->u.pipe.port == sim__tp_pool()->io_port)
    o->io_file->u.pipe.key = 0; /* later completions find no object, and are dropped */
  if (o->library) {
    char what[48];
    library_release(self, o->library, sim__tp_label(o, what, sizeof what));
  }
}

/* ---- Workers --------------------------------------------------------------------- */

static void describe_idle(const sim_thread *t, struct strbuf *out) {
  (void)t;
  strbuf_puts(out, "waits for work (an idle thread-pool worker)");
}

static const sim_key_kind idle_key = {describe_idle};

void sim__tp_thread_at(sim_thread *t, int api) {
  t->api = api;
  t->phase = SIM_PHASE_CALL;
  t->ret_addr = NULL;
  t->user_sp = NULL;
}

sim_thread *sim__tp_thread_start(sim_thread *self, LPTHREAD_START_ROUTINE start, const char *name) {
  /* Pool threads get the process's default stack, as Windows' do; a
   * limit reached here ends the run inside sim__thread_create. */
  sim_thread *t = sim__thread_create(start, sim__tp_pool(), false, SIM_STACK_DEFAULT_SIZE, self);
  t->rand_state = 1;
  snprintf(t->name, sizeof t->name, "%s", name);
  if (sim__tracing()) sim__trace_note(self, SIM_EV_NOTE, "the thread pool starts thread %d (%s)", t->id, name);
  return t;
}

static void run_callback(sim_thread *self, tp_pool *pool, tp_task *task);

DWORD WINAPI sim__thread_pool_worker(LPVOID arg) {
  tp_pool *pool = arg;
  sim_thread *self = sim__current_run->cur;
  for (;;) {
    /* The pool's queue is not declared to the dependence relation
     * (explore/dependence.c), so, as the pool's calls do, the step that
     * looks at it is ordered with every other step: which worker takes a
     * callback depends on the order in which the workers get here, even
     * on their first step, which no call of the pool begins. */
    sim__fp_global();
    tp_task *task = pool->head;
    if (!task) {
      sim__tp_thread_at(self, SIM_API_ThreadpoolWorkerIdle);
      if (sim__keyed_wait(self, &idle_key, pool, POOL_IDLE_TIMEOUT_MS, NULL) == WAIT_TIMEOUT &&
          !pool->head) {
        /* Idle for long: the worker ends, as Windows' do, so that a
         * process whose own threads have ended can end too. */
        pool->workers--;
        if (sim__tracing()) sim__trace_note(self, SIM_EV_NOTE, "an idle thread-pool worker exits");
        sim__thread_exit(self, 0);
      }
      continue;
    }
    pool->head = task->next;
    if (!pool->head) pool->tail = NULL;
    run_callback(self, pool, task);
  }
  return 0; /* never reached: pool threads end with the process */
}

void sim__tp_queue(sim_thread *self, tp_object *o, const tp_task *proto) {
  sim_run *r = sim__current_run;
  tp_pool *pool = sim__tp_pool();
  tp_task *task = sim__arena_alloc(&r->arena, sizeof *task);
  *task = *proto;
  task->object = o;
  task->next = NULL;
  o->pending++;
  o->refs++;
  if (pool->tail) pool->tail->next = task;
  else pool->head = task;
  pool->tail = task;
  if (sim__keyed_wake(&idle_key, pool, 1) == 0 && pool->workers < POOL_WORKERS_MAX) {
    pool->workers++;
    sim__tp_thread_start(self, sim__thread_pool_worker, "thread-pool worker");
  }
}

/* Takes o's queued callbacks off the queue. */
static void cancel_pending(sim_thread *self, tp_object *o) {
  tp_pool *pool = sim__tp_pool();
  tp_task *prev = NULL, *next;
  int dropped = 0;
  for (tp_task *t = pool->head; t; t = next) {
    next = t->next;
    if (t->object != o) {
      prev = t;
      continue;
    }
    if (prev) prev->next = next;
    else pool->head = next;
    if (pool->tail == t) pool->tail = prev;
    o->pending--;
    dropped++;
  }
  if (o->type == TP_T_IO) {
    o->io_skipped += o->io_outstanding;
    o->io_outstanding = 0;
  }
  if (sim__tracing() && dropped) {
    char what[48];
    sim__trace_note(self, SIM_EV_NOTE, "%d queued callback%s of %s cancelled", dropped,
                   dropped == 1 ? "" : "s", sim__tp_label(o, what, sizeof what));
  }
  while (dropped--) sim__tp_release(self, o);
}

/* WaitFor...Callbacks is done (group: CloseThreadpoolCleanupGroupMembers,
 * which waits for running callbacks whether associated or not). */
static bool callbacks_done(const tp_object *o, bool group) {
  if (o->pending) return false;
  if (o->type == TP_T_IO && o->io_outstanding) return false;
  return group ? o->running == 0 : o->associated == 0;
}

static void describe_callbacks(const sim_thread *t, struct strbuf *out) {
  char what[48], who[64];
  strbuf_printf(out, "waits for the callbacks of %s", sim__tp_label(t->wait.key, what, sizeof what));
  if (t->wait.blocker)
    strbuf_printf(out, ", one of which runs on %s", sim__thread_label(t->wait.blocker, who, sizeof who));
}

static const sim_key_kind callbacks_key = {describe_callbacks};

void sim__tp_callbacks_changed(tp_object *o) {
  if (callbacks_done(o, true) || callbacks_done(o, false))
    sim__keyed_wake(&callbacks_key, o, sim__current_run->n_threads);
}

/* A thread running a callback of o that a wait for it would wait for. */
static sim_thread *runner_of(const tp_object *o, bool group) {
  for (tp_instance *i = sim__tp_pool()->running; i; i = i->next)
    if (i->object == o && (group || i->associated)) return i->thread;
  return NULL;
}

static void wait_until_done(sim_thread *self, tp_object *o, bool group) {
  while (!callbacks_done(o, group))
    sim__keyed_wait(self, &callbacks_key, o, INFINITE, runner_of(o, group));
}

void sim__tp_wait_callbacks(sim_thread *self, tp_object *o, bool cancel, const char *fn) {
  char what[48];
  sim__tp_label(o, what, sizeof what);
  if (cancel) cancel_pending(self, o);
  if (!callbacks_done(o, false)) {
    if (self->dllmain_depth)
      sim__dllmain_misuse(self, "%s(%s) waits for thread-pool callbacks", fn, what);
    if (sim__tracing())
      sim__trace(self, SIM_EV_CALL, NULL, "%s(%s%s): %d queued, %d running", fn, what,
                cancel ? ", cancel queued" : "", o->pending, o->associated);
    wait_until_done(self, o, false);
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, "done", "%s(%s)", fn, what);
}

void sim__tp_close(sim_thread *self, tp_object *o, const char *fn) {
  char what[48];
  o->closed = true;
  o->timer_set = o->timer_armed = false;
  o->wait_set = false;
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, NULL, "%s(%s)%s", fn, sim__tp_label(o, what, sizeof what),
              o->pending || o->running ? ": freed when its callbacks are done" : "");
  if (o->type == TP_T_TIMER || o->type == TP_T_WAIT) sim__tp_waiter_kick(self);
  sim__tp_release(self, o);
}

/* ---- Running a callback ---------------------------------------------------------------- */

static bool release_mutex(sim_thread *self, HANDLE h) {
  DWORD error = 0;
  sim_object *m = sim__handle_get_type(self, h, SIM_OBJ_MUTEX);
  if (m && sim__mutex_release(self, m, &error)) return true;
  if (m) self->last_error = error;
  return false;
}

static bool release_semaphore(sim_thread *self, HANDLE h, DWORD count) {
  DWORD error = 0;
  sim_object *s = sim__handle_get_type(self, h, SIM_OBJ_SEMAPHORE);
  if (s && sim__semaphore_release(s, (LONG)count, NULL, &error)) return true;
  if (s) self->last_error = error;
  return false;
}

static bool set_event(sim_thread *self, HANDLE h) {
  sim_object *e = sim__handle_get_type(self, h, SIM_OBJ_EVENT);
  return e && sim__event_set(e);
}

/* What the callback asked for with the ...WhenCallbackReturns functions. */
static void when_returned(sim_thread *self, tp_instance *inst) {
  const char *failed = NULL;
  if (inst->leave) sim__cs_leave(self, inst->leave);
  if (inst->mutex && !release_mutex(self, inst->mutex)) failed = "ReleaseMutexWhenCallbackReturns";
  if (!failed && inst->semaphore && !release_semaphore(self, inst->semaphore, inst->semaphore_count))
    failed = "ReleaseSemaphoreWhenCallbackReturns";
  if (!failed && inst->event && !set_event(self, inst->event)) failed = "SetEventWhenCallbackReturns";
  if (failed) {
    sim__warn(self, "the thread pool could not do what %s asked for (error %lu): what remains "
             "of the callback's cleanup is skipped", failed, self->last_error);
    return;
  }
  if (inst->library) library_release(self, inst->library, "FreeLibraryWhenCallbackReturns");
}

static void run_callback(sim_thread *self, tp_pool *pool, tp_task *task) {
  tp_object *o = task->object;
  char what[48], code[160];
  sim__tp_label(o, what, sizeof what);
  tp_instance inst = {.magic = TP_INSTANCE_MAGIC, .object = o, .thread = self, .associated = true};
  PTP_CALLBACK_INSTANCE pci = (PTP_CALLBACK_INSTANCE)&inst;
  o->pending--;
  o->running++;
  o->associated++;
  inst.next = pool->running;
  pool->running = &inst;
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, NULL, "calls the callback of %s: %s", what,
              sim__describe_code(o->callback, code, sizeof code));
  sim_call_state saved = sim__callback_begin(self, o->callback, "ran its thread-pool callback at");
  switch (o->type) {
  case TP_T_WORK: ((PTP_WORK_CALLBACK)o->callback)(pci, o->context, (PTP_WORK)o); break;
  case TP_T_SIMPLE: ((PTP_SIMPLE_CALLBACK)o->callback)(pci, o->context); break;
  case TP_T_ITEM: ((LPTHREAD_START_ROUTINE)o->callback)(o->context); break;
  case TP_T_TIMER: ((PTP_TIMER_CALLBACK)o->callback)(pci, o->context, (PTP_TIMER)o); break;
  case TP_T_WAIT:
    ((PTP_WAIT_CALLBACK)o->callback)(pci, o->context, (PTP_WAIT)o, task->wait_result);
    break;
  case TP_T_IO:
    ((PTP_WIN32_IO_CALLBACK)o->callback)(pci, o->context, task->overlapped, task->io_error,
                                         task->io_bytes, (PTP_IO)o);
    break;
  default: sim_assert(false, "a thread-pool object of no known type");
  }
  if (o->finalization) {
    sim__callback_begin(self, (void *)o->finalization, "ran its finalization callback at");
    o->finalization(pci, o->context);
  }
  sim__callback_end(self, saved);

  /* The return to the pool is a step of its own, as a thread's return
   * from its start routine is. */
  sim__tp_thread_at(self, SIM_API_ThreadpoolCallbackReturn);
  sim__yield_point(self);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "the callback of %s returned", what);
  when_returned(self, &inst);
  for (tp_instance **p = &pool->running; *p; p = &(*p)->next) {
    if (*p != &inst) continue;
    *p = inst.next;
    break;
  }
  o->running--;
  if (inst.associated) o->associated--;
  inst.magic = 0;
  sim__tp_callbacks_changed(o);
  /* A one-shot object is done once it ran. */
  if (o->type == TP_T_SIMPLE || o->type == TP_T_ITEM) o->closed = true;
  sim__tp_release(self, o);
}

/* ---- Callback instances ------------------------------------------------------------- */

static tp_instance *instance_of(sim_thread *self, PTP_CALLBACK_INSTANCE pci, const char *fn) {
  tp_instance *inst = (tp_instance *)pci;
  if (!inst || inst->magic != TP_INSTANCE_MAGIC || inst->thread != self)
    sim__finish(SIM_VERDICT_CRASH, self, "%s(%p): not the instance of a callback running on this "
               "thread (Windows corrupts or faults)", fn, (void *)pci);
  return inst;
}

#define WHEN_RETURNS(fn, field, value)                                                     \
  do {                                                                                     \
    tp_instance *inst = instance_of(self, pci, #fn);                                       \
    if (!inst->field) inst->field = (value);                                               \
  } while (0)

void WINAPI LeaveCriticalSectionWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, PCRITICAL_SECTION pcs) {
  SIM_LOCAL(LeaveCriticalSectionWhenCallbackReturns);
  WHEN_RETURNS(LeaveCriticalSectionWhenCallbackReturns, leave, pcs);
}

void WINAPI ReleaseMutexWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE mut) {
  SIM_LOCAL(ReleaseMutexWhenCallbackReturns);
  WHEN_RETURNS(ReleaseMutexWhenCallbackReturns, mutex, mut);
}

void WINAPI ReleaseSemaphoreWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE sem, DWORD crel) {
  SIM_LOCAL(ReleaseSemaphoreWhenCallbackReturns);
  tp_instance *inst = instance_of(self, pci, "ReleaseSemaphoreWhenCallbackReturns");
  if (inst->semaphore) return;
  inst->semaphore = sem;
  inst->semaphore_count = crel;
}

void WINAPI SetEventWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HANDLE evt) {
  SIM_LOCAL(SetEventWhenCallbackReturns);
  WHEN_RETURNS(SetEventWhenCallbackReturns, event, evt);
}

void WINAPI FreeLibraryWhenCallbackReturns(PTP_CALLBACK_INSTANCE pci, HMODULE mod) {
  SIM_LOCAL(FreeLibraryWhenCallbackReturns);
  WHEN_RETURNS(FreeLibraryWhenCallbackReturns, library, mod);
  if (sim__tracing()) {
    sim_module *m = sim__module_from_handle(mod);
    sim__trace(self, SIM_EV_CALL, NULL, "FreeLibraryWhenCallbackReturns(%s)",
              m ? m->dll->name : "not a module");
  }
}

BOOL WINAPI CallbackMayRunLong(PTP_CALLBACK_INSTANCE pci) {
  SIM_LOCAL(CallbackMayRunLong);
  instance_of(self, pci, "CallbackMayRunLong");
  /* A worker is started whenever work is queued and none is idle, so
   * there is always room for another long callback. */
  return TRUE;
}

void WINAPI DisassociateCurrentThreadFromCallback(PTP_CALLBACK_INSTANCE pci) {
  SIM_ENTER(DisassociateCurrentThreadFromCallback);
  tp_instance *inst = instance_of(self, pci, "DisassociateCurrentThreadFromCallback");
  if (inst->associated) {
    inst->associated = false;
    inst->object->associated--;
    sim__tp_callbacks_changed(inst->object);
  }
  if (sim__tracing()) {
    char what[48];
    sim__trace(self, SIM_EV_CALL, NULL, "DisassociateCurrentThreadFromCallback(%s)",
              sim__tp_label(inst->object, what, sizeof what));
  }
  SIM_RETURN_VOID();
}

/* ---- Callback environments ----------------------------------------------------------- */

void WINAPI InitializeThreadpoolEnvironment(PTP_CALLBACK_ENVIRON pcbe) {
  SIM_LOCAL(InitializeThreadpoolEnvironment);
  (void)self;
  memset(pcbe, 0, sizeof *pcbe);
  pcbe->Version = 3;
  pcbe->CallbackPriority = TP_CALLBACK_PRIORITY_NORMAL;
  pcbe->Size = sizeof *pcbe;
}

void WINAPI DestroyThreadpoolEnvironment(PTP_CALLBACK_ENVIRON pcbe) {
  SIM_LOCAL(DestroyThreadpoolEnvironment);
  (void)self;
  (void)pcbe;
}

void WINAPI SetThreadpoolCallbackLibrary(PTP_CALLBACK_ENVIRON pcbe, PVOID mod) {
  SIM_LOCAL(SetThreadpoolCallbackLibrary);
  pcbe->RaceDll = mod;
  if (sim__tracing()) {
    sim_module *m = sim__module_from_handle(mod);
    sim__trace(self, SIM_EV_CALL, NULL, "SetThreadpoolCallbackLibrary(%s)", m ? m->dll->name : "not a module");
  }
}

void WINAPI SetThreadpoolCallbackCleanupGroup(PTP_CALLBACK_ENVIRON pcbe, PTP_CLEANUP_GROUP ptpcg,
                                              PTP_CLEANUP_GROUP_CANCEL_CALLBACK pfng) {
  SIM_LOCAL(SetThreadpoolCallbackCleanupGroup);
  (void)self;
  pcbe->CleanupGroup = ptpcg;
  pcbe->CleanupGroupCancelCallback = pfng;
}

void WINAPI SetThreadpoolCallbackRunsLong(PTP_CALLBACK_ENVIRON pcbe) {
  SIM_LOCAL(SetThreadpoolCallbackRunsLong);
  (void)self;
  pcbe->u.s.LongFunction = 1;
}

/* ---- Work, simple callbacks, work items --------------------------------------------------- */

static void trace_create(sim_thread *self, const char *fn, tp_object *o) {
  if (!sim__tracing()) return;
  char what[48], code[160];
  sim_module *lib = o->library ? sim__module_from_handle(o->library) : NULL;
  sim__trace(self, SIM_EV_CALL, NULL, "%s(%s) -> %s%s%s", fn,
            sim__describe_code(o->callback, code, sizeof code), sim__tp_label(o, what, sizeof what),
            lib ? ", holding " : "", lib ? lib->dll->name : "");
}

PTP_WORK WINAPI CreateThreadpoolWork(PTP_WORK_CALLBACK pfnwk, PVOID pv, PTP_CALLBACK_ENVIRON pcbe) {
  SIM_ENTER(CreateThreadpoolWork);
  if (!pfnwk) SIM_FAIL(ERROR_INVALID_PARAMETER, NULL);
  tp_object *o = sim__tp_create(self, TP_T_WORK, (void *)pfnwk, pv, pcbe);
  trace_create(self, "CreateThreadpoolWork", o);
  SIM_RETURN((PTP_WORK)o);
}

void WINAPI SubmitThreadpoolWork(PTP_WORK pwk) {
  SIM_ENTER(SubmitThreadpoolWork);
  tp_object *o = sim__tp_object(self, pwk, TP_T_WORK, "SubmitThreadpoolWork");
  if (sim__tracing()) {
    char what[48];
    sim__trace(self, SIM_EV_CALL, NULL, "SubmitThreadpoolWork(%s)", sim__tp_label(o, what, sizeof what));
  }
  sim__tp_queue(self, o, &(tp_task){0});
  SIM_RETURN_VOID();
}

void WINAPI WaitForThreadpoolWorkCallbacks(PTP_WORK pwk, BOOL fCancelPendingCallbacks) {
  SIM_ENTER(WaitForThreadpoolWorkCallbacks);
  tp_object *o = sim__tp_object(self, pwk, TP_T_WORK, "WaitForThreadpoolWorkCallbacks");
  sim__tp_wait_callbacks(self, o, fCancelPendingCallbacks != FALSE, "WaitForThreadpoolWorkCallbacks");
  SIM_RETURN_VOID();
}

void WINAPI CloseThreadpoolWork(PTP_WORK pwk) {
  SIM_ENTER(CloseThreadpoolWork);
  tp_object *o = sim__tp_object(self, pwk, TP_T_WORK, "CloseThreadpoolWork");
  sim__tp_close(self, o, "CloseThreadpoolWork");
  SIM_RETURN_VOID();
}

/* A one-shot object: queued at once, freed once it ran. */
static void submit_once(sim_thread *self, tp_type type, void *callback, PVOID pv,
                        PTP_CALLBACK_ENVIRON pcbe, const char *fn) {
  tp_object *o = sim__tp_create(self, type, callback, pv, pcbe);
  trace_create(self, fn, o);
  sim__tp_queue(self, o, &(tp_task){0});
  sim__tp_release(self, o); /* its creation reference: only the queued callback holds it now */
}

BOOL WINAPI TrySubmitThreadpoolCallback(PTP_SIMPLE_CALLBACK pfns, PVOID pv, PTP_CALLBACK_ENVIRON pcbe) {
  SIM_ENTER(TrySubmitThreadpoolCallback);
  if (!pfns) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  submit_once(self, TP_T_SIMPLE, (void *)pfns, pv, pcbe, "TrySubmitThreadpoolCallback");
  SIM_RETURN(TRUE);
}

BOOL WINAPI QueueUserWorkItem(LPTHREAD_START_ROUTINE Function, PVOID Context, ULONG Flags) {
  SIM_ENTER(QueueUserWorkItem);
  (void)Flags; /* every flag means "run it on a pool thread" here */
  if (!Function) SIM_FAIL(ERROR_INVALID_PARAMETER, FALSE);
  submit_once(self, TP_T_ITEM, (void *)Function, Context, NULL, "QueueUserWorkItem");
  SIM_RETURN(TRUE);
}

/* ---- Cleanup groups ---------------------------------------------------------------------- */

static tp_group *group_of(sim_thread *self, PTP_CLEANUP_GROUP ptpcg, const char *fn) {
  tp_group *g = (tp_group *)ptpcg;
  if (!g || g->magic != TP_GROUP_MAGIC || g->closed)
    sim__finish(SIM_VERDICT_CRASH, self, "%s(%p): not an open cleanup group (Windows corrupts "
               "or faults)", fn, (void *)ptpcg);
  return g;
}

PTP_CLEANUP_GROUP WINAPI CreateThreadpoolCleanupGroup(void) {
  SIM_ENTER(CreateThreadpoolCleanupGroup);
  tp_group *g = sim__arena_alloc(&sim__current_run->arena, sizeof *g);
  g->magic = TP_GROUP_MAGIC;
  g->serial = ++sim__tp_pool()->groups;
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "CreateThreadpoolCleanupGroup() -> cleanup group#%d", g->serial);
  SIM_RETURN((PTP_CLEANUP_GROUP)g);
}

void WINAPI CloseThreadpoolCleanupGroupMembers(PTP_CLEANUP_GROUP ptpcg, BOOL fCancelPendingCallbacks,
                                               PVOID pvCleanupContext) {
  SIM_ENTER(CloseThreadpoolCleanupGroupMembers);
  sim_run *r = sim__current_run;
  tp_group *g = group_of(self, ptpcg, "CloseThreadpoolCleanupGroupMembers");
  bool cancel = fCancelPendingCallbacks != FALSE;
  /* Take the members out of the group, each kept alive for the time of
   * this call, and stop their timers and waits. */
  int n = 0;
  for (tp_object *o = g->members; o; o = o->group_next) n++;
  tp_object **members = sim__arena_alloc(&r->arena, (size_t)(n ? n : 1) * sizeof *members);
  n = 0;
  for (tp_object *o = g->members; o; o = o->group_next) members[n++] = o;
  g->members = NULL;
  for (int i = 0; i < n; i++) {
    members[i]->group_member = false;
    members[i]->refs++;
    members[i]->timer_set = members[i]->timer_armed = false;
    members[i]->wait_set = false;
  }
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, NULL, "CloseThreadpoolCleanupGroupMembers(cleanup group#%d: %d member%s%s)",
              g->serial, n, n == 1 ? "" : "s", cancel ? ", cancel queued callbacks" : "");
  sim__tp_waiter_kick(self);
  if (cancel)
    for (int i = 0; i < n; i++) cancel_pending(self, members[i]);
  bool waits = false;
  for (int i = 0; i < n; i++) waits |= !callbacks_done(members[i], true);
  if (waits && self->dllmain_depth)
    sim__dllmain_misuse(self, "CloseThreadpoolCleanupGroupMembers waits for thread-pool callbacks");
  for (int i = 0; i < n; i++) {
    tp_object *o = members[i];
    wait_until_done(self, o, true);
    if (!o->closed) {
      if (cancel && o->group_cancel) {
        sim_call_state saved = sim__callback_begin(self, (void *)o->group_cancel, "ran its cleanup-group cancel callback at");
        o->group_cancel(o->context, pvCleanupContext);
        sim__callback_end(self, saved);
      }
      /* A one-shot callback never ran: it held no creation reference. */
      if (o->type != TP_T_SIMPLE && o->type != TP_T_ITEM) sim__tp_release(self, o);
    }
    o->closed = true;
    sim__tp_release(self, o);
  }
  if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, "done", "CloseThreadpoolCleanupGroupMembers()");
  SIM_RETURN_VOID();
}

void WINAPI CloseThreadpoolCleanupGroup(PTP_CLEANUP_GROUP ptpcg) {
  SIM_ENTER(CloseThreadpoolCleanupGroup);
  tp_group *g = group_of(self, ptpcg, "CloseThreadpoolCleanupGroup");
  if (g->members)
    sim__warn(self, "CloseThreadpoolCleanupGroup with members still in the group: close them "
             "first with CloseThreadpoolCleanupGroupMembers");
  for (tp_object *o = g->members; o; o = o->group_next) o->group_member = false;
  g->members = NULL;
  g->closed = true;
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "CloseThreadpoolCleanupGroup(cleanup group#%d)", g->serial);
  SIM_RETURN_VOID();
}

/* The scheduler: runs, steps, picks, blocking, time, and the end of a run.
 *
 * A step is one pick: at every scheduling point the strategy chooses which
 * ready thread goes next, and that thread executes the call it is at (or
 * starts, or returns from a wait that was satisfied) and then runs its own
 * code up to its next scheduling point.  The pick is made on the fiber of
 * the thread that reached the point, and control passes straight to the
 * chosen fiber: one switch per step, never a system call.
 *
 * The default pick (what a schedule does not need to record) is: the
 * running thread if it can go on, otherwise the ready thread with the
 * lowest id; after Sleep(0) or SwitchToThread, or when it polls again
 * after a poll that found nothing, the next ready thread after it in id
 * order.  Picking another thread while the running one could go on
 * is a preemption.
 *
 * Virtual time moves when no thread is ready: it jumps to the earliest
 * deadline (a Sleep, a wait's timeout, a timer).  When nothing is ready and
 * nothing has a deadline, the run is a deadlock.
 *
 * Time while threads poll.  A thread that polls (Sleep(0), SwitchToThread,
 * a wait or a completion-port call with a zero timeout, TryEnter and
 * TryAcquire, an Interlocked call, or reading the clock again without any
 * other call in between) is ready, so time would never move while it
 * spins, and a loop that waits for a flag another thread sets after
 * Sleep(10), or for a GetTickCount64 deadline, would never end.  On Windows
 * the spinning threads burn processor time and the clock goes on.  So when
 * a thread polls again after a poll that found nothing, and every other
 * ready thread is doing the same, one quantum of virtual time passes
 * (SIM_SPIN_QUANTUM_MS, or less if a deadline comes first).  Whether time
 * passes depends only on the run's state, never on the wall clock, so a
 * run stays a pure function of its schedule.  A ready thread that does
 * real work holds time still, as before: time passes only when nothing but
 * polling is left to run.  A thread that polls again after finding nothing
 * also gives way to the other ready threads, as after Sleep(0), so that the
 * default schedule lets the thread it waits for run.
 */
#include "kernel.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


sim_run *sim__current_run;
static sim_run the_run;

void sim_options_default(sim_options *o) {
  memset(o, 0, sizeof *o);
  o->steps_max = SIM_STEPS_MAX_DEFAULT;
  o->threads_max = SIM_THREADS_MAX_DEFAULT;
  o->trace = false;
  o->lock_order = true;
  o->leaks_at_unload = true;
  o->protect = SIM_PROTECT_SCAN;
  o->cpu_ms_per_step_max = 2000;
  o->exit_code_expected = SIM_EXIT_CODE_ANY;
  /* Far above what any step takes on a loaded machine: it only catches a
   * program blocked in a call the simulator does not see. */
  o->wall_ms_per_step_max = 30000;
}

sim_thread *sim__thread_by_id(int id) {
  sim_run *r = sim__current_run;
  if (!r || id < 1 || id > r->n_threads) return NULL;
  return r->threads[id - 1];
}

const char *sim__thread_label(const sim_thread *t, char *buf, size_t size) {
  if (!t) snprintf(buf, size, "no thread");
  else if (t->name[0]) snprintf(buf, size, "thread %d (%s)", t->id, t->name);
  else if (t->id == 1) snprintf(buf, size, "thread 1 (main)");
  else snprintf(buf, size, "thread %d", t->id);
  return buf;
}

/* ---- The ready set, kept sorted by thread id ---------------------------- */

static void ready_insert(sim_run *r, sim_thread *t) {
  sim_assert(t->state == SIM_T_READY, "thread %d joins the ready set in state %d", t->id, t->state);
  sim_assert(r->n_ready < r->n_threads, "the ready set is full (%d of %d threads)", r->n_ready,
             r->n_threads);
  int i = r->n_ready;
  while (i > 0 && r->ready[i - 1]->id > t->id) {
    r->ready[i] = r->ready[i - 1];
    i--;
  }
  sim_assert(i == 0 || r->ready[i - 1]->id < t->id, "thread %d is in the ready set twice", t->id);
  r->ready[i] = t;
  r->n_ready++;
}

static void ready_remove(sim_run *r, sim_thread *t) {
  for (int i = 0; i < r->n_ready; i++) {
    if (r->ready[i] != t) continue;
    memmove(&r->ready[i], &r->ready[i + 1], (size_t)(r->n_ready - i - 1) * sizeof r->ready[0]);
    r->n_ready--;
    return;
  }
  sim_assert(false, "thread %d leaves the ready set it is not in", t->id);
}

void sim__wake(sim_thread *t, sim_phase phase) {
  sim_run *r = sim__current_run;
  sim_assert(t->state == SIM_T_BLOCKED, "waking a thread that is not blocked");
  sim_assert(t->wait.kind != SIM_WAIT_NONE, "thread %d is blocked on nothing", t->id);
  if (t->port_assoc && t->wait.kind != SIM_WAIT_PORT) sim__port_thread_wakes(t);
  /* Woken by the running thread, or by time (when none is running). */
  t->woken_by = r->cur && r->cur != t && r->cur->state == SIM_T_READY ? r->cur->id : 0;
  t->woken_step = r->step;
  t->phase = phase;
  t->woken_from = t->wait.kind;
  t->wait.kind = SIM_WAIT_NONE;
  sim__fp_wake(t);
  if (t->suspend_count > 0) {
    /* Woken while suspended: it stays put until ResumeThread. */
    t->state = SIM_T_SUSPENDED;
    return;
  }
  t->state = SIM_T_READY;
  ready_insert(r, t);
}

void sim__suspend_ready(sim_thread *t) {
  sim_run *r = sim__current_run;
  sim_assert(t->state == SIM_T_READY, "suspending a thread that is not ready");
  if (t != r->cur) sim__fp_disable(t);
  ready_remove(r, t);
  t->state = SIM_T_SUSPENDED;
}

void sim__thread_retire(sim_thread *t) {
  sim_run *r = sim__current_run;
  if (t->state == SIM_T_READY && t != r->cur) sim__fp_disable(t);
  if (t->state == SIM_T_READY) ready_remove(r, t);
  if (t->state == SIM_T_BLOCKED) sim__wait_cancel(t);
  if (t->state != SIM_T_EXITED) r->n_live--;
  sim_assert(r->n_live >= 0, "more threads retired than lived");
  sim__fp_touch(SIM_RES_THREADS, 0, true);
  t->state = SIM_T_EXITED;
}

void sim__thread_register(sim_thread *t) {
  sim_run *r = sim__current_run;
  if (r->n_threads == r->cap_threads) {
    int cap = r->cap_threads * 2;
    sim_thread **n = sim__arena_alloc(&r->arena, (size_t)cap * sizeof *n);
    memcpy(n, r->threads, (size_t)r->n_threads * sizeof *n);
    r->threads = n;
    /* The ready set holds live threads only, so it grows with the table. */
    sim_thread **ready = sim__arena_alloc(&r->arena, (size_t)cap * sizeof *ready);
    memcpy(ready, r->ready, (size_t)r->n_ready * sizeof *ready);
    r->ready = ready;
    r->cap_threads = cap;
  }
  t->id = ++r->n_threads;
  r->threads[t->id - 1] = t;
}

/* Makes a suspended or new thread ready. */
void sim__make_ready(sim_thread *t) {
  sim_run *r = sim__current_run;
  sim_assert(t->state == 0 || t->state == SIM_T_SUSPENDED,
             "thread %d made ready from state %d (only new or suspended threads are)", t->id, t->state);
  sim__fp_wake(t);
  t->state = SIM_T_READY;
  ready_insert(r, t);
}

/* ---- Picking --------------------------------------------------------------- */

static void record_choice(sim_run *r, sim_thread *next) {
  sim_schedule *s = &r->result->schedule;
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 16;
    s->choices = realloc(s->choices, (size_t)s->cap * sizeof s->choices[0]);
    sim_assert(s->choices, "out of memory for a schedule");
  }
  s->choices[s->n++] = (sim_choice){r->step, next->id, next->api, next->phase};
}

static sim_thread *decide(sim_thread *cur, bool time_jumped) {
  sim_run *r = sim__current_run;
  if (cur) sim__stack_note_depth(cur, (uintptr_t)__builtin_frame_address(0));
  if (r->opt.trace) sim__trace_step_done();
  r->step++;
  if (r->step > r->opt.steps_max) {
    r->step--;
    sim__finish(SIM_VERDICT_HANG, cur,
               "the run did not end within %llu steps (a thread spinning, or waiting "
               "in a loop that never gives up?)",
               (unsigned long long)r->opt.steps_max);
  }
  sim_assert(r->n_ready >= 1, "deciding a step with nobody ready");
  sim_assert(!cur || cur == r->cur, "thread %d decides a step while thread %d runs", cur->id,
             r->cur ? r->cur->id : 0);
  if ((r->step & 1023) == 0 && r->opt.should_stop && r->opt.should_stop(r->opt.stop_ctx)) {
    /* A time limit or Ctrl-C must not wait for a long schedule to end. */
    r->result->stopped = true;
    sim__finish(SIM_VERDICT_LIMIT, cur, "stopped at step %llu, before the run ended (the time "
               "limit was reached, or the search was interrupted)",
               (unsigned long long)r->step);
  }
  bool cur_ready = cur && cur->state == SIM_T_READY;
  int def = 0;
  if (cur_ready) {
    int at = 0;
    while (r->ready[at] != cur) {
      at++;
      sim_assert(at < r->n_ready, "thread %d is ready but not in the ready set", cur->id);
    }
    def = at;
    if (cur->yielding && r->n_ready > 1) def = (at + 1) % r->n_ready;
  }
  int idx = def;
  bool goes_on = cur_ready && !cur->yielding;
  bool preempts = goes_on && !time_jumped;
  sim_decision d = {r->step, cur, r->ready, r->n_ready, def, goes_on, preempts};
  sim__fp_step_end(&d);
  if (r->n_ready == 1 && r->strategy->ops->alone) r->strategy->ops->alone(r->strategy, &d);
  if (r->n_ready > 1) {
    idx = r->strategy->ops->pick(r->strategy, &d);
    sim_assert(idx >= 0 && idx < r->n_ready, "strategy picked outside the ready set");
  }
  sim_thread *next = r->ready[idx];
  sim_assert(next->state == SIM_T_READY, "picked thread %d, which is not ready", next->id);
  if (idx != def) {
    record_choice(r, next);
    if (preempts) r->preemptions++;
  }
  if (cur) cur->yielding = false;
  r->hash = (r->hash ^ (uint32_t)(next->id * 131 + next->api * 7 + next->phase)) * 16777619u;
  sim__fault_note_step(r->step);
  sim__fp_step_begin(next);
  return next;
}

static sim_fiber dead_fiber; /* where a finished thread's context goes */

static void schedule(sim_thread *cur) {
  sim_run *r = sim__current_run;
  /* Nobody can go on: the jump of virtual time is the clock's step. */
  bool time_jumped = r->n_ready == 0;
  if (time_jumped) sim__fp_clock_begin();
  while (r->n_ready == 0) {
    if (!sim__time_advance()) r->hooks->deadlock(cur);
  }
  sim_thread *next = decide(cur, time_jumped);
  r->cur = next;
  if (next == cur) return;
  sim_fiber_switch(cur ? &cur->fiber : &r->sched_fiber, &next->fiber);
  /* Back on cur's fiber: somebody picked it. */
  sim_assert(!cur || (r->cur == cur && cur->state == SIM_T_READY),
             "thread %d resumed without being picked", cur ? cur->id : 0);
}

void sim__yield_point(sim_thread *t) { schedule(t); }

/* Whether t sits at a poll after a poll that found nothing. */
static bool spinning(const sim_thread *t) {
  return t->at_poll && t->last_poll_fruitless && t->phase == SIM_PHASE_CALL;
}

/* Whether every ready thread, t included, only polls. */
static bool all_ready_spin(const sim_run *r, const sim_thread *t) {
  if (!spinning(t)) return false;
  for (int i = 0; i < r->n_ready; i++)
    if (r->ready[i] != t && !spinning(r->ready[i])) return false;
  return true;
}

sim_thread *sim__enter(int api, void *ret_addr, void *frame) {
  sim__in_simulator = 1;
  sim_run *r = sim__current_run;
  sim_assert(r && r->cur, "a simulated Win32 function was called outside a simulated run");
  sim_thread *t = r->cur;
  sim__watchdog_poll(t, ret_addr);
  t->api = api;
  t->ret_addr = ret_addr;
  t->user_sp = frame;
  t->phase = SIM_PHASE_CALL;
  t->at_poll = t->poll_call;
  t->poll_call = false;
  t->poll_fruitless = false;
  t->clock_reads = 0;
  if (spinning(t)) {
    /* Whether time passes here depends on what every other ready thread
     * is doing, and passing time reaches every thread: for partial-order
     * reduction this step is ordered with every other
     * (explore/dependence.c). */
    sim__fp_global();
    /* A spinning thread gives way, as Sleep(0) does: on Windows the
     * others run beside it on the other processors. */
    t->yielding = true;
    if (all_ready_spin(r, t)) sim__time_spin();
  }
  schedule(t);
  return t;
}

void sim__poll_next_call(void) {
  sim_run *r = sim__current_run;
  if (r && r->cur) r->cur->poll_call = true;
}

sim_thread *sim__clock_read(int api, void *ret_addr, void *frame) {
  sim_run *r = sim__current_run;
  sim_assert(r && r->cur, "a simulated Win32 function was called outside a simulated run");
  sim_thread *t = r->cur;
  sim__fp_call(api);
  if (t->clock_reads++ == 0) {
    /* The first read since the thread's last scheduling point costs
     * nothing and is no scheduling point: programs read the clock for a
     * timestamp all the time. */
    t->ret_addr = ret_addr;
    return t;
  }
  t->poll_call = true;
  sim__enter(api, ret_addr, frame);
  t->poll_fruitless = true;
  sim__leave(t);
  t->clock_reads = 1;
  return t;
}

sim_thread *sim__enter_local(int api, void *ret_addr) {
  sim__in_simulator = 1;
  sim_run *r = sim__current_run;
  sim_assert(r && r->cur, "a simulated Win32 function was called outside a simulated run");
  sim_thread *t = r->cur;
  sim__watchdog_poll(t, ret_addr);
  sim__fp_call(api);
  t->ret_addr = ret_addr;
  return t;
}

/* ---- What the simulator leaves on a thread's stack ------------------------------- */

/* A call's frames in the simulator lie on the calling thread's stack, below
 * the program's.  When the call returns, the program's next frames reuse
 * that memory, and the words they never write (padding, arrays filled in
 * part, variables set on one path only) keep what the simulator left:
 * pointers, step numbers, a fingerprint's lanes.  No correct program reads
 * them, but a state fingerprint (fingerprint.c) hashes the program's frames
 * whole, and such leftovers would make two equal states differ.  So the
 * memory the simulator used below the call is zeroed before the program
 * gets its thread back: down to the deepest frame noted since the last
 * time (decide and the fingerprint note theirs) and SCRUB_MARGIN further,
 * for the library functions they call.  A new thread gets a stack that
 * threads before it used (in this run or an earlier one), so its first
 * scrub reaches down to the deepest frame any of them had noted
 * (sim_stack.used_low, kept in every run, with or without scrubbing) and
 * at least SCRUB_AT_START below its first frame, for the program's own
 * frames that went deeper without calling the simulator.  Deeper leftovers
 * only make fewer states match, never a wrong match.  Only searches with a
 * state cache scrub (sim_run.scrub_stacks), since it costs every call a few
 * kilobytes of stores (a fifth more time per run of the soak); a program
 * that reads uninitialised locals may then see other values in a replay,
 * as it could before between any two strategies. */
enum { SCRUB_MARGIN = 2048, SCRUB_AT_START = 4096 };

/* Called first by scrub, so that scrub is no leaf function, and the
 * compiler keeps none of its variables in the red zone below its stack
 * pointer, which scrub zeroes too. */
__attribute__((noinline)) static void scrub_is_no_leaf(void) { __asm__ volatile(""); }

__attribute__((noinline, no_sanitize_address)) static void scrub(sim_thread *t, bool starting) {
  scrub_is_no_leaf();
  uintptr_t lo = (uintptr_t)t->stack->lo;
#if defined(__x86_64__)
  uintptr_t sp;
  __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
#else
  /* No stack pointer to read: stop short of this function's own frame. */
  uintptr_t sp = (uintptr_t)__builtin_frame_address(0) - 512;
#endif
  sp &= ~(uintptr_t)7;
  /* Only on the thread's own stack (always so; checked, since a mistake
   * here would zero a live frame). */
  if (sp < lo || sp > lo + t->stack->size) return;
  uintptr_t deepest = t->stack_low < sp ? t->stack_low : sp;
  if (starting) {
    if (t->stack->used_low < deepest) deepest = t->stack->used_low;
    if (sp - lo > SCRUB_AT_START && sp - SCRUB_AT_START < deepest) deepest = sp - SCRUB_AT_START;
  }
  uintptr_t want = sp - deepest + SCRUB_MARGIN;
  uintptr_t from = (sp - lo > want ? sp - want : lo) & ~(uintptr_t)7;
#if defined(__x86_64__)
  /* One instruction with its operands in registers: nothing of this
   * function lies below its stack pointer while it runs. */
  uintptr_t words = (sp - from) / 8;
  void *at = (void *)from;
  __asm__ volatile("rep stosq" : "+D"(at), "+c"(words) : "a"((uint64_t)0) : "memory");
#else
  for (volatile uint64_t *p = (volatile uint64_t *)from; (uintptr_t)p < sp; p++) *p = 0;
#endif
  t->stack_low = UINTPTR_MAX;
  /* Everything below the thread's first frame is clean now; what it leaves
   * from here on is noted as it goes. */
  if (starting) t->stack->used_low = UINTPTR_MAX;
}

/* Keeps the deepest frame noted on the thread's stack for whoever uses the
 * stack next (sim_stack.used_low). */
static void note_stack_use(sim_thread *t) {
  if (t->stack && t->stack_low < t->stack->used_low) t->stack->used_low = t->stack_low;
}

void sim__stack_scrub(sim_thread *t, bool starting) {
  note_stack_use(t);
  if (t->stack && sim__current_run->scrub_stacks) scrub(t, starting);
}

void sim__leave(sim_thread *t) {
  sim_run *r = sim__current_run;
  t->last_poll_fruitless = t->at_poll && t->poll_fruitless;
  t->at_poll = t->poll_fruitless = false;
  if (r->n_unloaded || t->stale_module) r->hooks->check_return(t);
  sim__stack_scrub(t, false);
  sim__in_simulator = 0; /* back to the program */
}

void sim__block(sim_thread *t) {
  sim_run *r = sim__current_run;
  sim_assert(t == r->cur && t->wait.kind != SIM_WAIT_NONE, "blocking without a wait");
  sim_assert(t->state == SIM_T_READY, "thread %d blocks from state %d", t->id, t->state);
  ready_remove(r, t);
  t->state = SIM_T_BLOCKED;
  t->wait.since_step = r->step;
  if (t->port_active && t->wait.kind != SIM_WAIT_PORT) sim__port_thread_blocks(t);
  if (sim__tracing()) {
    struct strbuf d = {0};
    r->hooks->describe_wait(t, &d);
    sim__trace_note(t, SIM_EV_BLOCK, "blocks: %s", strbuf_str(&d));
    strbuf_free(&d);
  }
  schedule(t);
  sim_assert(t->wait.kind == SIM_WAIT_NONE, "thread %d runs again while still waiting", t->id);
  sim_assert(t->woken_from != SIM_WAIT_NONE, "thread %d runs again without a wake-up", t->id);
  t->woken_from = SIM_WAIT_NONE;
}

/* A thread that is gone for good passes control on and is never resumed. */
__attribute__((noreturn)) void sim__switch_away_forever(sim_thread *t) {
  sim_run *r = sim__current_run;
  sim_assert(t->state == SIM_T_EXITED, "only an exited thread leaves for good");
  (void)t;
  if (r->n_ready == 0) sim__fp_clock_begin();
  while (r->n_ready == 0) {
    if (!sim__time_advance()) r->hooks->deadlock(NULL);
  }
  sim_thread *next = decide(NULL, false);
  r->cur = next;
  sim_fiber_switch(&dead_fiber, &next->fiber);
  sim_assert(false, "nobody resumes a dead fiber");
}

/* ---- Ending a run ------------------------------------------------------------ */

static void finish_v(sim_verdict_kind kind, sim_thread *t, char *details, const char *fmt,
                     va_list ap);

void sim__finish_verdict(sim_verdict_kind kind, sim_thread *t, char *details, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  finish_v(kind, t, details, fmt, ap);
  va_end(ap);
}

static void finish_v(sim_verdict_kind kind, sim_thread *t, char *details, const char *fmt,
                     va_list ap) {
  sim__in_simulator = 1;
  sim_run *r = sim__current_run;
  sim_result *res = r->result;
  if (r->finishing) {
    free(details);
    return;
  }
  r->finishing = 1;
  struct strbuf msg = {0};
  strbuf_vprintf(&msg, fmt, ap);
  if (kind == SIM_VERDICT_OK && res->exited && r->opt.exit_code_expected != SIM_EXIT_CODE_ANY &&
      r->exit_code != r->opt.exit_code_expected) {
    /* Test programs report failure through their exit code. */
    kind = SIM_VERDICT_EXIT_CODE;
    strbuf_printf(&msg, ", not %d: a program reports failure that way (a scenario whose host "
                  "ends with another code on purpose says so with exit-code)",
                  r->opt.exit_code_expected);
  }
  res->verdict.kind = kind;
  res->verdict.step = r->step;
  res->verdict.tid = t ? t->id : 0;
  res->verdict.message = strbuf_take(&msg);
  res->verdict.details = details;
  if (sim__tracing()) sim__trace_step_done();
  if (sim__tracing() && kind != SIM_VERDICT_OK)
    sim__trace_note(t, SIM_EV_VERDICT, "%s: %s", sim_verdict_name(kind), res->verdict.message);
}

void sim__finish(sim_verdict_kind kind, sim_thread *t, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  finish_v(kind, t, NULL, fmt, ap);
  va_end(ap);
  sim_fiber_switch(&dead_fiber, &sim__current_run->sched_fiber);
  sim_assert(false, "nobody resumes the fiber that ended the run");
}

void sim__finish_details(sim_verdict_kind kind, sim_thread *t, char *details, const char *fmt,
                        ...) {
  va_list ap;
  va_start(ap, fmt);
  finish_v(kind, t, details, fmt, ap);
  va_end(ap);
  sim_fiber_switch(&dead_fiber, &sim__current_run->sched_fiber);
  sim_assert(false, "nobody resumes the fiber that ended the run");
}

/* ---- Starting and ending a run ------------------------------------------------------ */

sim_run *sim__run_begin(sim_program *p, const sim_options *opt, sim_strategy *s,
                       const sim_kernel_hooks *hooks, sim_result *res) {
  sim_run *r = &the_run;
  sim_assert(!sim__current_run, "runs do not nest");
  sim_assert(opt->threads_max >= 1 && opt->steps_max >= 1, "a run needs at least one thread and one step");
  sim_result_reset(res);
  struct arena keep = r->arena, keep_threads = r->thread_arena;
  memset(r, 0, sizeof *r);
  r->arena = keep;
  r->thread_arena = keep_threads;
  sim__arena_reset(&r->arena);
  sim__arena_reset(&r->thread_arena);
  r->program = p;
  r->opt = *opt;
  r->strategy = s;
  r->hooks = hooks;
  r->result = res;
  r->cap_threads = 64;
  r->threads = sim__arena_alloc(&r->arena, (size_t)r->cap_threads * sizeof(sim_thread *));
  /* Only live threads are ready: as big as the thread table, and grown
   * with it (sim__thread_register).  Not threads_max big: zeroing that much
   * (64 KiB by default) at the start of every run cost a search of short
   * runs a few per cent of its time. */
  r->ready = sim__arena_alloc(&r->arena, (size_t)r->cap_threads * sizeof(sim_thread *));
  r->hash = 2166136261u;
  sim__current_run = r;
  return r;
}

void sim__run_start(sim_run *r) {
  sim_assert(r == sim__current_run && r->n_ready > 0, "a run starts with its main thread ready");
  schedule(NULL);
}

void sim__run_end(sim_run *r) {
  sim_result *res = r->result;
  res->steps = r->step;
  res->time_ms = r->now_ms;
  res->preemptions = r->preemptions;
  res->schedule.version = 1;
  res->schedule.steps = r->step;
  res->schedule.hash = r->hash;
  res->schedule.has_end = true;
  res->exit_code = r->exit_code;
  for (int i = 0; i < r->n_threads; i++) {
    sim_thread *t = r->threads[i];
    note_stack_use(t);
    if (t->stack) sim__stack_put(t->stack);
    t->stack = NULL;
  }
  sim__heap_reset();
  sim__current_run = NULL;
}

/* ---- Results ------------------------------------------------------------------- */

static const char *const verdict_names[] = {
#define SIM_VERDICT_NAME(id, text) text,
    SIM_VERDICT_LIST(SIM_VERDICT_NAME)
#undef SIM_VERDICT_NAME
};

static const char *const verdict_ids[] = {
    "ok", "access-violation", "deadlock", "hang", "assertion", "abort", "crash",
    "leak-at-unload", "lock-order", "dllmain-misuse", "diverged", "limit", "exit-code", "exit-cut-short", "unsupported-call",
};
_Static_assert(sizeof verdict_ids / sizeof verdict_ids[0] == SIM_VERDICT_COUNT,
               "every verdict needs an id");

const char *sim_verdict_name(sim_verdict_kind kind) {
  return kind < SIM_VERDICT_COUNT ? verdict_names[kind] : "?";
}

const char *sim_verdict_id(sim_verdict_kind kind) {
  return kind < SIM_VERDICT_COUNT ? verdict_ids[kind] : "?";
}

bool sim_verdict_is_bug(sim_verdict_kind kind) {
  return kind != SIM_VERDICT_OK && kind != SIM_VERDICT_DIVERGED;
}

void sim_result_init(sim_result *r) { memset(r, 0, sizeof *r); }

void sim_result_reset(sim_result *r) {
  free(r->verdict.message);
  free(r->verdict.details);
  memset(&r->verdict, 0, sizeof r->verdict);
  r->schedule.n = 0;
  r->schedule.steps = 0;
  r->schedule.hash = 0;
  r->preemptions = 0;
  r->steps = 0;
  r->time_ms = 0;
  r->exit_code = 0;
  r->exited = false;
  r->stopped = false;
  r->dlls_loaded = 0;
  strbuf_reset(&r->out);
  strbuf_reset(&r->err);
  strbuf_reset(&r->warnings);
  strbuf_reset(&r->resources);
  r->n_events = 0;
  sim__arena_reset(&r->strings);
}

void sim_result_free(sim_result *r) {
  sim_result_reset(r);
  free(r->schedule.choices);
  free(r->events);
  strbuf_free(&r->out);
  strbuf_free(&r->err);
  strbuf_free(&r->warnings);
  strbuf_free(&r->resources);
  sim__arena_free(&r->strings);
  memset(r, 0, sizeof *r);
}

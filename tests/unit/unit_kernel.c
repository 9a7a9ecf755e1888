/* Unit tests of the kernel layer's invariants (kernel/verify.c and the
 * assertions where the state changes): the handle table, the ready set and
 * the ownership of mutexes.  Each broken invariant must stop the simulator
 * with an internal error (sim_assert aborts), never go on with a wrong
 * state; the intact state must pass. */
#include <signal.h>
#include <string.h>

#include "harness.h"
#include "kernel.h"

static int never(sim_strategy *s, const sim_decision *d) {
  (void)s;
  return d->default_index;
}
static const sim_strategy_ops ops = {.name = "unit", .pick = never};
static sim_strategy strategy = {&ops};
static const sim_kernel_hooks hooks = {0};
static sim_result result;

/* A run with no program and `threads` threads made by hand, all ready. */
static sim_run *begin(int threads) {
  sim_options o;
  sim_options_default(&o);
  sim_result_init(&result);
  sim_run *r = sim__run_begin(NULL, &o, &strategy, &hooks, &result);
  for (int i = 0; i < threads; i++) {
    sim_thread *t = sim__arena_alloc(&r->arena, sizeof *t);
    t->id = ++r->n_threads;
    r->threads[t->id - 1] = t;
    t->object = sim__object_new(SIM_OBJ_THREAD);
    t->object->u.thread.thread = t;
    r->n_live++;
    sim__make_ready(t);
  }
  r->cur = r->threads[0];
  return r;
}

Test(kernel_invariants, a_consistent_run_passes) {
  sim_run *r = begin(3);
  sim__run_verify(r);
  HANDLE h[5000];
  for (int i = 0; i < 5000; i++) h[i] = sim__handle_open(sim__object_new(SIM_OBJ_EVENT));
  for (int i = 0; i < 5000; i += 2) cr_assert(sim__handle_close(NULL, h[i]));
  sim__run_verify(r);
  cr_expect_eq(sim__handles_open(), 2500);
  cr_expect_null(sim__handle_get(NULL, h[0]), "a closed handle names nothing");
  cr_expect_not_null(sim__handle_get(NULL, h[1]));
  cr_expect_eq(sim__handle_open(sim__object_new(SIM_OBJ_EVENT)), h[4998],
               "the most recently closed value is reused first");
  sim__run_verify(r);
}

Test(kernel_invariants, a_handle_slot_emptied_behind_the_tables_back_is_caught, .signal = SIGABRT) {
  sim_run *r = begin(1);
  for (int i = 0; i < 10; i++) sim__handle_open(sim__object_new(SIM_OBJ_EVENT));
  r->handles[3] = NULL; /* neither on the free list nor closed */
  sim__run_verify(r);
}

Test(kernel_invariants, an_object_counting_more_handles_than_it_has_is_caught, .signal = SIGABRT) {
  sim_run *r = begin(1);
  sim_object *o = sim__object_new(SIM_OBJ_EVENT);
  sim__handle_open(o);
  o->handles++;
  sim__run_verify(r);
}

Test(kernel_invariants, a_thread_made_ready_twice_is_caught, .signal = SIGABRT) {
  sim_run *r = begin(2);
  sim__make_ready(r->threads[1]);
}

Test(kernel_invariants, a_ready_count_that_disagrees_with_the_threads_is_caught, .signal = SIGABRT) {
  sim_run *r = begin(2);
  r->threads[1]->state = SIM_T_SUSPENDED;
  r->threads[1]->suspend_count = 1;
  sim__run_verify(r);
}

Test(kernel_invariants, a_blocked_thread_waiting_for_nothing_is_caught, .signal = SIGABRT) {
  sim_run *r = begin(2);
  sim_thread *t = r->threads[1];
  r->n_ready = 1;
  t->state = SIM_T_BLOCKED; /* with wait.kind SIM_WAIT_NONE */
  sim__run_verify(r);
}

Test(kernel_invariants, a_mutex_owner_that_does_not_hold_it_is_caught, .signal = SIGABRT) {
  sim_run *r = begin(1);
  sim_object *m = sim__object_new(SIM_OBJ_MUTEX);
  sim__handle_open(m);
  m->u.mutex.owner = r->threads[0];
  m->u.mutex.recursion = 1; /* but never pushed on the thread's held locks */
  sim__run_verify(r);
}

Test(kernel_invariants, a_port_whose_count_disagrees_with_its_queue_is_caught, .signal = SIGABRT) {
  sim_run *r = begin(1);
  sim_object *port = sim__object_new(SIM_OBJ_PORT);
  sim__handle_open(port);
  sim__port_post(port, 1, 2, NULL, 0);
  port->u.port.queued = 2;
  sim__run_verify(r);
}

Test(kernel_invariants, closing_a_handle_of_an_object_without_handles_is_caught, .signal = SIGABRT) {
  begin(1);
  sim_object *o = sim__object_new(SIM_OBJ_EVENT);
  HANDLE h = sim__handle_open(o);
  o->handles = 0;
  sim__handle_close(NULL, h);
}

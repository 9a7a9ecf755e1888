/* I/O completion ports, following documented Windows behaviour (Wine's
 * server/completion.c is the readable reference, and departs from it in
 * the two ways noted below):
 *
 * - Packets are queued first in, first out.
 * - Blocked waiters are released last in, first out: the thread that
 *   waited most recently gets the next packet (Wine 8.0 releases the
 *   oldest waiter first).
 * - A port releases at most its concurrency value of associated threads
 *   while they run.  A thread is associated with the port it last waited
 *   on; while it blocks on anything else it does not count, and when it
 *   wakes it counts again, possibly above the limit (Wine does not enforce
 *   the limit at all).  A thread that calls again gives up its slot and
 *   takes a queued packet itself, before any blocked waiter.
 * - A timeout of 0 polls.  GetQueuedCompletionStatusEx takes up to `count`
 *   queued packets without blocking; with none queued it blocks for exactly
 *   one.
 * - Closing the last handle of a port wakes its blocked waiters with FALSE
 *   and ERROR_ABANDONED_WAIT_0 (a waiter already handed a packet still gets
 *   it) and drops queued packets; the handle is then invalid.  Wine 8.0
 *   does not wake the waiters.
 *
 * - A port is a kernel queue object, so the wait functions accept its
 *   handle: it is signalled while packets are queued, and such a wait takes
 *   no packet.  Microsoft's documentation does not list ports among the
 *   objects one can wait for; Windows Internals lists the queue object,
 *   which a port is, as signalled "when an item is placed on the queue";
 *   Wine's server/completion.c signals it while the queue is not empty
 *   (though its comment says that native ports are not waitable).
 *
 * An alertable GetQueuedCompletionStatusEx (api/port.c) that an APC
 * interrupts fails with WAIT_IO_COMPLETION.
 *
 * Left out: FILE_SKIP_COMPLETION_PORT_ON_SUCCESS.
 */
#include "kernel.h"

#include <string.h>


#define PROCESSORS 4

static ULONG limit_of(const sim_object *port) {
  return port->u.port.concurrency ? port->u.port.concurrency : PROCESSORS;
}

static void set_active(sim_thread *t, bool active) {
  if (!t->port_assoc || t->port_active == active) return;
  t->port_active = active;
  sim_assert(active || t->port_assoc->u.port.active > 0, "port#%d counts no active thread to drop",
             t->port_assoc->serial);
  if (active) t->port_assoc->u.port.active++;
  else t->port_assoc->u.port.active--;
}

static void remove_waiter(sim_object *port, sim_thread *t) {
  for (sim_thread **p = &port->u.port.waiters; *p; p = &(*p)->port_next) {
    if (*p != t) continue;
    *p = t->port_next;
    t->port_next = NULL;
    return;
  }
}

static sim_packet *take_packet(sim_object *port) {
  sim_packet *p = port->u.port.head;
  if (!p) return NULL;
  sim_assert(port->u.port.queued > 0, "port#%d holds a packet it does not count", port->serial);
  port->u.port.head = p->next;
  if (!port->u.port.head) port->u.port.tail = NULL;
  port->u.port.queued--;
  p->next = NULL;
  return p;
}

/* Hands queued packets to blocked waiters while the concurrency value
 * allows: newest waiter first, oldest packet first. */
static void dispatch(sim_object *port) {
  while (port->u.port.head && port->u.port.waiters && port->u.port.active < limit_of(port)) {
    sim_thread *w = port->u.port.waiters;
    sim_assert(w->state == SIM_T_BLOCKED && w->wait.kind == SIM_WAIT_PORT && w->wait.port == port,
               "thread %d is a waiter of port#%d without waiting for it", w->id, port->serial);
    port->u.port.waiters = w->port_next;
    w->port_next = NULL;
    w->wait.port_wait->got = take_packet(port);
    w->wait.result = TRUE;
    w->port_active = true;
    port->u.port.active++;
    sim__wake(w, SIM_PHASE_RETURN);
  }
}

void sim__port_post(sim_object *port, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov, DWORD error) {
  sim_run *r = sim__current_run;
  sim__fp_object(port, true);
  if (port->u.port.closed) return;
  sim_packet *p = sim__arena_alloc(&r->arena, sizeof *p);
  p->bytes = bytes;
  p->key = key;
  p->ov = ov;
  p->error = error;
  if (port->u.port.tail) port->u.port.tail->next = p;
  else port->u.port.head = p;
  port->u.port.tail = p;
  port->u.port.queued++;
  dispatch(port);
  /* Packets no dequeuer took signal the port for its other waiters. */
  if (port->u.port.queued) sim__object_signal(port);
}

void sim__port_wait_cancel(sim_thread *t) {
  sim__fp_object(t->wait.port, true);
  if (t->wait.port) remove_waiter(t->wait.port, t);
}

void sim__port_thread_blocks(sim_thread *t) {
  if (!t->port_active) return;
  sim__fp_object(t->port_assoc, true);
  set_active(t, false);
  dispatch(t->port_assoc);
}

void sim__port_thread_wakes(sim_thread *t) {
  sim__fp_object(t->port_assoc, true);
  set_active(t, true);
}

void sim__port_thread_gone(sim_thread *t) {
  sim_object *port = t->port_assoc;
  sim__fp_object(port, true);
  set_active(t, false);
  t->port_assoc = NULL;
  if (port) dispatch(port);
}

static void port_close(sim_object *port) {
  sim__fp_object(port, true);
  port->u.port.closed = true;
  port->u.port.head = port->u.port.tail = NULL;
  port->u.port.queued = 0;
  while (port->u.port.waiters) {
    sim_thread *w = port->u.port.waiters;
    port->u.port.waiters = w->port_next;
    w->port_next = NULL;
    w->wait.port_wait->got = NULL;
    w->wait.result = ERROR_ABANDONED_WAIT_0;
    sim__wake(w, SIM_PHASE_RETURN);
  }
}

void sim__object_last_handle_closed(sim_thread *t, sim_object *o) {
  if (o->name) sim__named_remove(o);
  if (o->type == SIM_OBJ_PORT) port_close(o);
  else if (o->type == SIM_OBJ_PIPE) sim__pipe_closed(t, o);
}

void sim__ports_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx) {
  for (int i = 0; i < sim__handle_slots(); i++) {
    sim_object *o = sim__handle_slot(i);
    if (!o || o->type != SIM_OBJ_PORT) continue;
    for (sim_packet *p = o->u.port.head; p; p = p->next) {
      if (p->key >= lo && p->key < hi) note(ctx, p->key);
      if ((uintptr_t)p->ov >= lo && (uintptr_t)p->ov < hi) note(ctx, (uintptr_t)p->ov);
    }
  }
  sim__pipes_scan(lo, hi, note, ctx);
}

/* Common to both GetQueuedCompletionStatus forms: takes up to max packets
 * into got[]; returns how many, or 0 with *error set. */
ULONG sim__port_dequeue(sim_thread *self, sim_object *port, sim_packet **got, ULONG max, DWORD ms,
                     DWORD *error) {
  sim_run *r = sim__current_run;
  sim__fp_object(port, true);
  sim__fp_object(self->port_assoc, true);
  /* Calling again means this thread no longer runs for the port.  Its
   * slot is not offered to blocked waiters first: the caller itself takes
   * a queued packet in the same call, without a switch, as Windows'
   * KeRemoveQueue does (it only decrements CurrentCount for the same
   * queue), which is what keeps one thread busy while others stay parked.
   * If the caller ends up blocking, nothing was queued that a waiter could
   * have taken. */
  if (self->port_assoc != port) {
    sim__port_thread_gone(self);
    self->port_assoc = port;
  } else {
    set_active(self, false);
  }
  if (port->u.port.head && port->u.port.active < limit_of(port)) {
    ULONG n = 0;
    while (n < max && port->u.port.head) got[n++] = take_packet(port);
    set_active(self, true);
    return n;
  }
  if (ms == 0) {
    set_active(self, true);
    *error = WAIT_TIMEOUT;
    return 0;
  }
  struct sim_port_wait pw = {0};
  self->wait.kind = SIM_WAIT_PORT;
  self->wait.port = port;
  self->wait.port_wait = &pw;
  self->wait.deadline_ms = ms == INFINITE ? SIM_NO_DEADLINE : r->now_ms + ms;
  self->port_next = port->u.port.waiters;
  port->u.port.waiters = self;
  sim__block(self);
  self->wait.port = NULL;
  if (pw.got) {
    got[0] = pw.got;
    return 1;
  }
  set_active(self, true);
  *error = self->wait.result == ERROR_ABANDONED_WAIT_0 || self->wait.result == WAIT_IO_COMPLETION
               ? self->wait.result /* the port was closed, or an APC ended an alertable wait */
               : WAIT_TIMEOUT;
  return 0;
}

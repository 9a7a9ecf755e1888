/* The thread pool's shared state (threadpool.c: objects, the queue, the
 * workers, callback instances, environments, work, simple callbacks,
 * QueueUserWorkItem and cleanup groups; threadpool_waiter.c: timers,
 * waits, I/O and the two threads that watch them).  Internal to api/. */
#ifndef SIM_THREADPOOL_H
#define SIM_THREADPOOL_H

#include "api.h"

typedef enum tp_type {
  TP_T_WORK = 1,
  TP_T_SIMPLE,     /* TrySubmitThreadpoolCallback */
  TP_T_ITEM,       /* QueueUserWorkItem */
  TP_T_TIMER,
  TP_T_WAIT,
  TP_T_IO,
  TP_T_COUNT
} tp_type;

typedef struct tp_group tp_group;
typedef struct tp_object tp_object;

/* What a PTP_WORK, PTP_TIMER, PTP_WAIT or PTP_IO points at. */
struct tp_object {
  uint32_t magic;                 /* TP_OBJECT_MAGIC while the run lasts */
  tp_type type;
  int serial;                     /* "work#2" in traces */
  void *callback;                 /* the type's callback signature */
  void *context;
  HMODULE library;                /* the environment's library, referenced until released */
  tp_group *group;                /* cleanup group, or NULL */
  tp_object *group_next;
  bool group_member;
  PTP_CLEANUP_GROUP_CANCEL_CALLBACK group_cancel;
  PTP_SIMPLE_CALLBACK finalization;
  bool closed;                    /* Close* called, or a one-shot that ran */
  bool released;                  /* last reference gone: the object is freed */
  int refs;                       /* 1 until closed, plus 1 per queued or running callback */
  int pending;                    /* callbacks queued, not started */
  int running;                    /* callbacks running */
  int associated;                 /* running callbacks WaitFor...Callbacks waits for */
  tp_object *watched_next;        /* the pool's timers, waits and I/O objects */
  /* timers */
  bool timer_set;                 /* what IsThreadpoolTimerSet says: set, not stopped */
  bool timer_armed;               /* it will call back at due_ms */
  uint64_t due_ms, period_ms;
  /* waits */
  bool wait_set;
  sim_object *wait_object;
  uint64_t wait_deadline_ms;      /* SIM_NO_DEADLINE: no timeout */
  /* I/O */
  sim_object *io_file;
  int io_outstanding;             /* StartThreadpoolIo calls whose completion has not come */
  int io_skipped;                 /* completions to drop (cancelled by WaitFor...Callbacks) */
};

/* One queued callback. */
typedef struct tp_task {
  struct tp_task *next;
  tp_object *object;
  DWORD wait_result;              /* a wait's WAIT_OBJECT_0 or WAIT_TIMEOUT */
  LPOVERLAPPED overlapped;        /* an I/O completion's */
  DWORD io_error;
  ULONG_PTR io_bytes;
} tp_task;

typedef struct tp_pool {
  tp_task *head, *tail;           /* queued callbacks, first in, first out */
  int workers;                    /* started */
  struct tp_instance *running;    /* callbacks running, newest first */
  tp_object *watched;             /* timers, waits and I/O objects */
  sim_thread *waiter;             /* waits for timers and waits, once needed */
  sim_thread *io_thread;          /* takes I/O completions, once needed */
  sim_object *io_port;            /* where the pool's handles complete */
  int serial[TP_T_COUNT];
  int groups;                     /* cleanup groups created */
} tp_pool;

/* The pool of this run (created on first use). */
tp_pool *sim__tp_pool(void);
/* A new object of type for a Create* call (pcbe may be NULL). */
tp_object *sim__tp_create(sim_thread *self, tp_type type, void *callback, void *context,
                         PTP_CALLBACK_ENVIRON pcbe);
/* The object p points at, checked: a pointer that is not a live object of
 * that type ends the run with a crash, as a corrupt pool object would. */
tp_object *sim__tp_object(sim_thread *self, const void *p, tp_type type, const char *fn);
/* Queues one callback (proto gives the wait result or I/O completion) and
 * wakes or starts a worker for it. */
void sim__tp_queue(sim_thread *self, tp_object *o, const tp_task *proto);
/* WaitFor...Callbacks: cancels the queued callbacks if asked, then waits
 * for the running ones. */
void sim__tp_wait_callbacks(sim_thread *self, tp_object *o, bool cancel, const char *fn);
/* Close*: no more callbacks are started by the object itself; it is freed
 * once the queued and running ones are done. */
void sim__tp_close(sim_thread *self, tp_object *o, const char *fn);
/* Drops one reference; the last one frees the object and its library. */
void sim__tp_release(sim_thread *self, tp_object *o);
/* Wakes threads waiting for o's callbacks if they may be done. */
void sim__tp_callbacks_changed(tp_object *o);
/* "work#1", "pool timer#2". */
const char *sim__tp_label(const tp_object *o, char *buf, size_t size);
/* The waiter thread must look at the timers and waits again
 * (threadpool_waiter.c). */
void sim__tp_waiter_kick(sim_thread *self);
/* A pool thread running simulator code: it waits at api, with no
 * program frame on its stack. */
void sim__tp_thread_at(sim_thread *t, int api);
/* The routines of the pool's threads (exported, so that traces name them
 * the same in every process). */
DWORD WINAPI sim__thread_pool_worker(LPVOID pool);
DWORD WINAPI sim__thread_pool_waiter(LPVOID pool);
DWORD WINAPI sim__thread_pool_io(LPVOID pool);
/* Starts a pool thread running start. */
sim_thread *sim__tp_thread_start(sim_thread *self, LPTHREAD_START_ROUTINE start, const char *name);

#endif

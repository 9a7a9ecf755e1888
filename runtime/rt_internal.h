/* The runtime's internals, shared by its files (rt_runtime.c, rt_worker.c,
 * rt_task.c, rt_timer.c).  Nothing here is part of the API in rt.h.
 *
 * Lifetimes: a runtime's memory lives while anything refers to it - the
 * owner (until rt_shutdown or rt_shutdown_background), each worker that has
 * not exited, and each task that has not been freed - and the last of them
 * frees it.  Its port lives while a worker may still wait on it: the last
 * worker to exit closes it.
 */
#ifndef RT_INTERNAL_H
#define RT_INTERNAL_H

#include <assert.h>

#include "rt.h"

/* mingw-w64 10's headers do not declare SetThreadDescription (Windows 10
 * version 1607), although its kernel32 import library provides it.  This
 * is Windows' own prototype, which the simulator's windows.h declares
 * identically, so repeating it is harmless in both builds. */
HRESULT WINAPI SetThreadDescription(HANDLE hThread, PCWSTR lpThreadDescription);

/* For calls on the runtime's own objects (closing its handles, setting its
 * events, freeing its memory), which fail only if the runtime's state is
 * already corrupt: that is a bug to stop at, not an error to return. */
#define RT__MUST_SUCCEED(call)                                                    \
  do {                                                                            \
    BOOL rt__succeeded = (call) != 0;                                             \
    assert(rt__succeeded && #call);                                               \
    (void)rt__succeeded;                                                          \
  } while (0)

/* What a packet on the runtime's port means (its completion key). */
enum rt__packet_kind {
  RT__PACKET_TASK = 1, /* lpOverlapped is a task to run */
  RT__PACKET_WAKE,     /* the earliest timer changed: recompute the wait */
  RT__PACKET_SHUTDOWN, /* one worker's signal to exit */
};

typedef enum rt__state {
  RT__RUNNING = 1,
  RT__SHUTTING_DOWN,
} rt__state;

struct rt_task {
  OVERLAPPED overlapped;    /* first member: a task packet's lpOverlapped is the task */
  rt_runtime *runtime;      /* holds one reference on the runtime */
  rt_task_fn fn;
  void *arg;
  void *result;             /* what fn returned, valid once done is set */
  rt_error status;          /* RT_OK once it ran, RT_ERROR_CANCELLED if it never will */
  HANDLE done;              /* manual-reset event, set when it ran or was cancelled */
  LONG volatile refs;       /* the caller's handle (unless detached) and the runtime's */
  ULONGLONG due_ms;         /* timers: the GetTickCount64 time it may run at */
  rt_task *next_timer;      /* timers: the next pending timer, due no earlier */
};

struct rt_runtime {
  HANDLE port;              /* the completion port every worker waits on */
  ULONG batch_size;         /* packets a worker dequeues at most per wait */
  int worker_count;
  HANDLE *workers;          /* thread handles, closed by either shutdown */
  DWORD worker_tls;         /* TLS slot that holds this runtime on its workers */
  LONG volatile refs;       /* owner + workers still running + tasks not freed */
  LONG volatile workers_running; /* the last worker out closes the port */
  SRWLOCK lock;             /* guards state and timers */
  rt__state state;
  rt_task *timers;          /* pending timers, earliest due first */
};

/* rt_runtime.c */
void rt__runtime_retain(rt_runtime *rt);
void rt__runtime_release(rt_runtime *rt);
/* Whether the calling thread is one of rt's workers. */
BOOL rt__on_worker_thread(const rt_runtime *rt);

/* rt_worker.c: a worker thread's start routine (its parameter is the
 * runtime, whose reference it owns) and its name. */
DWORD WINAPI rt__worker_main(LPVOID runtime);
void rt__worker_name(int number, WCHAR *name, size_t name_size);

/* rt_task.c */
/* A new task with its done event, holding a reference on rt; refs is 2
 * when the caller keeps a handle, else 1. */
rt_error rt__task_new(rt_runtime *rt, rt_task_fn fn, void *arg, BOOL caller_keeps_handle,
                      rt_task **task_out);
/* The end of a spawn: when queueing failed (error is not RT_OK) the task,
 * which nobody else has seen, is freed and the error returned; otherwise
 * the caller gets the task's handle if it asked for one.  Returns error. */
rt_error rt__task_spawned(rt_task *task, rt_error error, rt_task **task_out);
/* Runs the task, publishes its result and drops the runtime's reference. */
void rt__task_run(rt_task *task);
/* Marks the task as never to run and drops the runtime's reference. */
void rt__task_cancel(rt_task *task);
void rt__task_release(rt_task *task);

/* rt_timer.c */
/* How long a worker may wait for packets before the earliest timer is due
 * (INFINITE when there is none). */
DWORD rt__timers_wait_ms(rt_runtime *rt);
/* Runs every timer that is due, on the calling worker. */
void rt__timers_run_due(rt_runtime *rt);
/* Takes every pending timer out of the runtime, for cancelling.  Caller
 * holds rt->lock. */
rt_task *rt__timers_take_all(rt_runtime *rt);

#endif

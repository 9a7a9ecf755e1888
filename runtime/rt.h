/* rt: the small async runtime that loaderlab's DLLs embed, a stand-in for
 * the Tokio-style runtime a database driver carries inside itself.
 *
 * A runtime is a pool of worker threads blocked on one I/O completion port
 * in GetQueuedCompletionStatusEx.  A task is a function and its argument;
 * spawning one posts it to the port, and whichever worker dequeues it runs
 * it to completion.  A timer is a task that runs once its delay has passed.
 * A thread that is not one of the runtime's workers can block on a task's
 * result.
 *
 * Two ways to stop, and the difference is the point of the kit:
 * - rt_shutdown wakes every worker, waits until each one has exited, and
 *   the port is closed when it returns.  After it, no code of the runtime
 *   runs, so the DLL that contains the runtime can be unloaded.  Called
 *   from DllMain it deadlocks: a worker cannot exit while the caller holds
 *   the loader lock.
 * - rt_shutdown_background wakes every worker and returns at once.  It is
 *   the call that looks safe in DLL_PROCESS_DETACH and is not: the workers
 *   are still running the DLL's code when FreeLibrary unmaps it.
 *
 * Left out: futures and await (a task is a plain function that runs to the
 * end on one worker), real I/O sources (only posted packets), work
 * stealing, cancelling a task that is queued or running, and priorities.
 *
 * Errors are values of type rt_error: RT_OK, one of the runtime's own codes
 * below, or the Win32 error code (GetLastError) of the call that failed.
 * Misuse (a NULL argument, a batch size out of range, blocking on a task
 * from one of its runtime's workers) is a programmer error and asserts.
 *
 * The runtime is plain Win32 C: the same files build against mingw-w64's
 * windows.h and against the simulator's (sim/include/windows.h).
 */
#ifndef RT_H
#define RT_H

#include <windows.h>

/* RT_OK, an RT_ERROR_ code, or a Win32 error code. */
typedef DWORD rt_error;

#define RT_OK 0

/* The runtime's own codes.  They have bit 29 set, the bit Windows leaves
 * to applications, so they never collide with a Win32 error code. */
#define RT_ERROR_MAP(X)                                                             \
  X(RT_ERROR_SHUTTING_DOWN, 0x20000001, "the runtime is shutting down and takes no new tasks") \
  X(RT_ERROR_CANCELLED, 0x20000002, "the task never ran: its runtime shut down first")

enum rt_error_code {
#define RT__ERROR_ENUM(name, value, text) name = value,
  RT_ERROR_MAP(RT__ERROR_ENUM)
#undef RT__ERROR_ENUM
};

/* The symbolic name of an error ("RT_ERROR_CANCELLED", "ERROR_TIMEOUT"),
 * or "a Win32 error" for a Win32 code the runtime does not name. */
const char *rt_error_name(rt_error error);

/* Bounds checked by rt_create (exceeding them is a programmer error). */
#define RT_WORKERS_MAX 64
#define RT_BATCH_MAX 64

typedef struct rt_runtime rt_runtime;
typedef struct rt_task rt_task;

/* What a task runs; its return value is the task's result. */
typedef void *(*rt_task_fn)(void *arg);

/* Starts worker_count workers (named "rt worker 1", "rt worker 2", ...),
 * each dequeuing up to batch_size packets per GetQueuedCompletionStatusEx.
 * On success stores the runtime in *runtime_out and returns RT_OK; on
 * failure returns the Win32 error and leaves nothing running.
 * Safe to call inside DllMain: it does not wait for the workers to start. */
rt_error rt_create(int worker_count, ULONG batch_size, rt_runtime **runtime_out);

/* Queues fn(arg) to run on a worker.  With task_out, stores a handle to
 * block on, which the caller must give back with rt_task_release; with
 * task_out NULL the task is detached.  Returns RT_ERROR_SHUTTING_DOWN once
 * a shutdown has begun, or the Win32 error of a failed call. */
rt_error rt_spawn(rt_runtime *rt, rt_task_fn fn, void *arg, rt_task **task_out);

/* Like rt_spawn, but the task runs no sooner than delay_ms milliseconds
 * from now (GetTickCount64's clock).  A timer still pending when the
 * runtime shuts down is cancelled: blocking on it gives
 * RT_ERROR_CANCELLED. */
rt_error rt_spawn_after(rt_runtime *rt, DWORD delay_ms, rt_task_fn fn, void *arg,
                        rt_task **task_out);

/* Waits up to timeout_ms (or INFINITE) for the task to finish.  Returns
 * RT_OK and stores the task's result in *result_out (when not NULL);
 * ERROR_TIMEOUT if it has not finished yet (the handle stays valid, wait
 * again or release it); RT_ERROR_CANCELLED if it never ran; or the Win32
 * error of a failed wait.  Must not be called on a worker of the task's
 * runtime (with every worker blocked, nothing would run the task). */
rt_error rt_block_on(rt_task *task, DWORD timeout_ms, void **result_out);

/* Gives back a task handle.  A task released before it ran still runs. */
void rt_task_release(rt_task *task);

/* Stops taking tasks, cancels pending timers, lets the workers finish the
 * tasks already queued, wakes every worker and waits until each one has
 * exited; the port is closed by then.  Returns RT_OK, or the first error a
 * worker stopped with.  rt is invalid afterwards, whatever the result.
 * Must not be called on one of rt's workers, nor while holding a lock a
 * worker needs to exit (such as the loader lock, inside DllMain). */
rt_error rt_shutdown(rt_runtime *rt);

/* Like rt_shutdown, but returns as soon as every worker has been woken,
 * without waiting for any of them; the last worker to exit closes the port
 * and frees the runtime.  The workers are still running the runtime's code
 * after this returns, so the module that contains it must stay loaded
 * until they have exited - which nobody is waiting for.  rt is invalid
 * afterwards.  Returns RT_OK or the Win32 error of a failed wake-up. */
rt_error rt_shutdown_background(rt_runtime *rt);

#endif

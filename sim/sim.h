/* Internal state of the simulator, shared by its files.
 *
 * One process runs one simulated run at a time: a run executes a program (a
 * host image and its DLL images) from a fresh start under a strategy that
 * picks, at every scheduling point, which ready thread goes next.  All
 * simulated threads are fibers on the calling operating-system thread, so a
 * run is a pure function of the program and the sequence of picks.
 *
 * Naming: sim_ for what other simulator files use, static for the rest.
 * Lifetimes: a sim_program (and its images) lives across runs; everything
 * under sim_run is reset at the start of every run and allocated from the
 * run's arena.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <windows.h>

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "api_list.h"
#include "arena.h"
#include "fiber.h"
#include "image.h"
#include "strbuf.h"

typedef struct sim_thread sim_thread;
typedef struct sim_object sim_object;
typedef struct sim_run sim_run;
typedef struct sim_program sim_program;
typedef struct sim_strategy sim_strategy;
typedef struct sim_module sim_module;

/* ---- Verdicts ---------------------------------------------------------- */

#define SIM_VERDICT_LIST(X)                                          \
  X(OK, "ok")                                                        \
  X(ACCESS_VIOLATION, "access violation")                            \
  X(DEADLOCK, "deadlock")                                            \
  X(HANG, "hang")                                                    \
  X(ASSERTION, "assertion failure")                                  \
  X(ABORT, "abort")                                                  \
  X(CRASH, "crash")                                                  \
  X(LEAK_AT_UNLOAD, "leak at unload")                                \
  X(LOCK_ORDER, "potential deadlock (lock order)")                   \
  X(DLLMAIN_MISUSE, "DllMain misuse")                                \
  X(DIVERGED, "replay diverged")                                     \
  X(LIMIT, "resource limit")

typedef enum sim_verdict_kind {
#define SIM_VERDICT_ENUM(id, text) SIM_VERDICT_##id,
  SIM_VERDICT_LIST(SIM_VERDICT_ENUM)
#undef SIM_VERDICT_ENUM
  SIM_VERDICT_COUNT
} sim_verdict_kind;

const char *sim_verdict_name(sim_verdict_kind kind);
/* The lower-case identifier used in JSON and manifests ("access-violation"). */
const char *sim_verdict_id(sim_verdict_kind kind);
bool sim_verdict_is_bug(sim_verdict_kind kind);

/* ---- Kernel objects ----------------------------------------------------- */

typedef enum sim_object_type {
  SIM_OBJ_THREAD = 1,
  SIM_OBJ_EVENT,
  SIM_OBJ_MUTEX,
  SIM_OBJ_SEMAPHORE,
  SIM_OBJ_PORT,
  SIM_OBJ_PIPE,
  SIM_OBJ_TIMER,
  SIM_OBJ_TYPE_COUNT
} sim_object_type;

/* One thread's wait on one object, linked into the object's waiter list in
 * arrival order, as in the Windows dispatcher. */
typedef struct sim_wait_block {
  struct sim_wait_block *next, *prev;
  sim_thread *thread;
  sim_object *object;
  int index;                      /* position in the wait's handle array */
} sim_wait_block;

typedef struct sim_packet sim_packet;

struct sim_object {
  sim_object_type type;
  int serial;                     /* per-type number, for names: event#3 */
  int handles;                    /* open handles to it */
  const char *name;               /* kernel object name, or NULL */
  void *created_at;               /* return address of the creating call */
  LONG signal;                    /* signalled state; semaphore count */
  sim_wait_block waiters;         /* list head (sentinel) */
  union {
    struct { bool manual; } event;
    struct { sim_thread *owner; LONG recursion; bool abandoned; } mutex;
    struct { LONG max; } semaphore;
    struct { sim_thread *thread; } thread;
    struct {
      ULONG concurrency;          /* 0 means "number of processors" */
      ULONG active;               /* associated threads released and running */
      sim_packet *head, *tail;    /* queued packets, FIFO */
      int queued;
      sim_thread *waiters;        /* blocked waiters, newest first (LIFO) */
      bool closed;
    } port;
    struct {
      sim_object *peer;           /* the other end, or NULL */
      sim_object *port;           /* completion port it is associated with */
      ULONG_PTR key;              /* completion key of that association */
      char *pipe_name;
      bool server, connected, broken;
      struct strbuf data;         /* bytes written by the peer, not yet read */
      struct sim_io *reads;       /* pending overlapped reads, FIFO */
      struct sim_io *connect;     /* pending overlapped ConnectNamedPipe */
    } pipe;
    struct {
      bool manual;
      uint64_t due_ms;            /* UINT64_MAX when not set */
      uint64_t period_ms;
    } timer;
  } u;
};

/* ---- Threads ------------------------------------------------------------ */

typedef enum sim_thread_state {
  SIM_T_READY = 1,     /* can be picked */
  SIM_T_BLOCKED,       /* waiting; a wake-up makes it ready */
  SIM_T_SUSPENDED,     /* created suspended or SuspendThread */
  SIM_T_EXITED,
} sim_thread_state;

typedef enum sim_phase {
  SIM_PHASE_START = 1, /* never ran: the pick starts it */
  SIM_PHASE_CALL,      /* at a call: the pick executes it */
  SIM_PHASE_RETURN,    /* woken from a blocking call: the pick returns it */
  SIM_PHASE_RETRY,     /* woken to try an acquisition again */
} sim_phase;

typedef enum sim_wait_kind {
  SIM_WAIT_NONE = 0,
  SIM_WAIT_OBJECTS,    /* WaitForSingle/MultipleObjects */
  SIM_WAIT_SLEEP,
  SIM_WAIT_CS,         /* critical section (the loader lock is one) */
  SIM_WAIT_SRW_EXCLUSIVE,
  SIM_WAIT_SRW_SHARED,
  SIM_WAIT_PORT,
  SIM_WAIT_IO,         /* synchronous pipe I/O */
} sim_wait_kind;

#define SIM_NO_DEADLINE UINT64_MAX
#define SIM_HELD_MAX 16

/* A lock a thread holds, for wait-for graphs and lock-order checks. */
typedef struct sim_held {
  void *lock;              /* CRITICAL_SECTION*, SRWLOCK*, or sim_object* */
  int kind;                /* SIM_WAIT_CS, SIM_WAIT_SRW_*, or SIM_WAIT_OBJECTS */
  void *site;              /* return address of the acquiring call */
  int api;
} sim_held;

struct sim_thread {
  int id;                         /* 1 = main thread; also the thread id */
  sim_thread_state state;
  sim_phase phase;
  int api;                        /* the call it is at (enum sim_api) */
  void *ret_addr;                 /* where that call returns to */
  void *user_sp;                  /* the caller's stack starts above this */
  bool yielding;                  /* Sleep(0)/SwitchToThread: others first */
  sim_fiber fiber;
  struct sim_stack *stack;
  sim_object *object;             /* its kernel object (signalled at exit) */
  LPTHREAD_START_ROUTINE start;
  void *param;
  DWORD exit_code;
  LONG suspend_count;
  DWORD last_error;
  void *tls[TLS_MINIMUM_AVAILABLE];
  char name[48];                  /* from SetThreadDescription, or "" */

  /* The wait it is blocked in, when state == SIM_T_BLOCKED. */
  struct {
    sim_wait_kind kind;
    bool all;
    int count;
    uint64_t deadline_ms;         /* SIM_NO_DEADLINE: no timeout */
    DWORD result;                 /* set by whoever satisfies the wait */
    void *lock;                   /* the CS or SRW lock for lock waits */
    sim_object *port;
    struct sim_port_wait *port_wait; /* what a completion-port waiter gets */
    sim_wait_block blocks[MAXIMUM_WAIT_OBJECTS];
    uint64_t since_step;
  } wait;

  sim_held held[SIM_HELD_MAX];
  int n_held;
  bool in_dllmain;                /* inside a DllMain call (nesting count below) */
  int dllmain_depth;
  sim_module *dllmain_module;
  uint64_t created_step;
  int created_by;
  sim_object *port_assoc;         /* completion port the thread is counted on */
  bool port_active;               /* counted in port_assoc's active threads */
  sim_thread *port_next;          /* next (older) waiter on the same port */
  unsigned rand_state;            /* rand(), per thread as in msvcrt */
  bool exiting;                   /* left its start routine (ExitThread or return) */
  bool killed_at_exit;            /* terminated by ExitProcess */
  int stale_module;               /* index + 1 of a module reloaded under its pending call */
  uint64_t stale_unloaded_step;
};

/* ---- Schedules ----------------------------------------------------------- */

/* One recorded choice: at step `step` the strategy picked thread `tid`,
 * which was at call `api` (in phase `phase`), instead of the default. */
typedef struct sim_choice {
  uint64_t step;
  int tid;
  int api;
  sim_phase phase;
} sim_choice;

typedef struct sim_schedule {
  int version;
  uint64_t steps;                 /* steps of the whole run */
  uint32_t hash;                  /* of every step's (thread, call) */
  int n, cap;
  sim_choice *choices;
  bool has_end;                   /* steps and hash were given */
} sim_schedule;

/* ---- Strategies ----------------------------------------------------------- */

/* What a strategy sees at a scheduling point. */
typedef struct sim_decision {
  uint64_t step;                  /* the step being decided, from 1 */
  sim_thread *cur;                /* the thread that was running, or NULL */
  sim_thread **ready;             /* ready threads, by increasing id */
  int n_ready;
  int default_index;              /* the pick when nothing says otherwise */
  bool cur_ready;                 /* picking another thread preempts cur */
} sim_decision;

typedef struct sim_strategy_ops {
  const char *name;
  void (*begin_run)(sim_strategy *s);
  int (*pick)(sim_strategy *s, const sim_decision *d);
  /* After a run; returns false when the strategy has nothing left. */
  bool (*end_run)(sim_strategy *s);
  void (*destroy)(sim_strategy *s);
} sim_strategy_ops;

struct sim_strategy {
  const sim_strategy_ops *ops;
};

/* ---- The program ------------------------------------------------------------ */

/* A DLL of the program: its name as LoadLibrary sees it, its image, and the
 * DLLs it imports (loaded before it, attached before it). */
typedef struct sim_dll {
  char *name;
  sim_image *image;
  int imports[8];
  int n_imports;
} sim_dll;

struct sim_program {
  char *name;                     /* for messages and replay commands */
  sim_image *host;
  sim_dll dlls[16];
  int n_dlls;
  int host_imports[8];            /* DLLs the host links against */
  int n_host_imports;
};

/* ---- Modules (per run) -------------------------------------------------------- */

typedef enum sim_module_state {
  SIM_MOD_UNLOADED = 0,
  SIM_MOD_LOADED,
} sim_module_state;

struct sim_module {
  int index;                      /* in program->dlls */
  sim_dll *dll;
  sim_module_state state;
  int refs;                       /* LoadLibrary count */
  bool pinned;
  bool attached;                  /* DLL_PROCESS_ATTACH returned TRUE */
  bool thread_calls_disabled;
  int init_order;                 /* attach order, for detach order */
  uint64_t loaded_step;
  uint64_t unloaded_step;         /* last unload, 0 if never */
  int unloaded_by;                /* thread id */
  int loads;                      /* times loaded in this run */
  HMODULE handle;
};

/* ---- Output and trace ----------------------------------------------------------- */

typedef struct sim_output_chunk {
  uint64_t step;
  int tid;
  int stream;                     /* 1 stdout, 2 stderr */
  size_t offset, len;             /* into run->output_text */
} sim_output_chunk;

typedef struct sim_event {
  uint64_t step;
  int tid;
  const char *who;                /* the thread's label when it happened */
  int api;                        /* or -1 for a note */
  const char *what;               /* "EnterCriticalSection(g_lock)" */
  const char *result;             /* "acquired", "blocks", "WAIT_OBJECT_0" */
  const char *note;               /* extra, or NULL */
  uint64_t time_ms;
  int kind;                       /* SIM_EV_* */
} sim_event;

enum { SIM_EV_CALL = 1, SIM_EV_BLOCK, SIM_EV_RETURN, SIM_EV_OUTPUT, SIM_EV_NOTE,
       SIM_EV_WARNING, SIM_EV_VERDICT };

/* ---- Options and results ------------------------------------------------------- */

typedef enum sim_protect_policy {
  SIM_PROTECT_SCAN = 0,           /* protect an unloaded image only if reachable */
  SIM_PROTECT_ALWAYS,             /* protect every unloaded image */
} sim_protect_policy;

typedef struct sim_options {
  uint64_t steps_max;             /* hang verdict beyond this */
  int threads_max;                /* live and dead threads per run */
  bool trace;                     /* record trace events */
  bool lock_order;                /* report lock-order inversions */
  bool leaks_at_unload;           /* report what a DLL leaves at unload */
  sim_protect_policy protect;
  uint64_t cpu_ms_per_step_max;   /* watchdog for code that never calls the API */
} sim_options;

void sim_options_default(sim_options *o);

typedef struct sim_verdict {
  sim_verdict_kind kind;
  uint64_t step;
  int tid;
  char *message;                  /* one line */
  char *details;                  /* more lines, or NULL */
} sim_verdict;

typedef struct sim_result {
  sim_verdict verdict;
  sim_schedule schedule;          /* what this run did, as a replayable schedule */
  int preemptions;
  uint64_t steps;
  uint64_t time_ms;               /* virtual time at the end */
  int exit_code;                  /* process exit code */
  bool exited;                    /* the process exited (main returned, ExitProcess) */
  struct strbuf out;              /* program stdout */
  struct strbuf err;              /* program stderr */
  struct strbuf warnings;         /* misuse warnings, one per line */
  struct strbuf resources;        /* resource report at process end */
  sim_event *events;              /* trace, when options.trace */
  int n_events, cap_events;
  struct arena strings;           /* event and report strings */
} sim_result;

void sim_result_init(sim_result *r);
void sim_result_reset(sim_result *r);
void sim_result_free(sim_result *r);

/* ---- The run ----------------------------------------------------------------- */

typedef struct sim_alloc sim_alloc;
#define SIM_ATEXIT_MAX 32

struct sim_run {
  sim_program *program;
  sim_options opt;
  sim_strategy *strategy;
  sim_result *result;
  struct arena arena;

  sim_fiber sched_fiber;          /* the OS thread's own context */
  sigjmp_buf crash_jmp;
  volatile int finishing;

  sim_thread **threads;           /* by id - 1 */
  int n_threads;
  sim_thread *cur;
  sim_thread **ready;             /* sorted by id */
  int n_ready;
  int n_live;
  uint64_t step;
  uint64_t now_ms;
  uint32_t hash;
  int preemptions;

  /* handle table: value (i + 1) * 4 */
  sim_object **handles;
  int n_handles, cap_handles;
  int free_handle;                /* head of free list, -1 if none */
  int serial[SIM_OBJ_TYPE_COUNT];
  sim_object **named;             /* named objects */
  int n_named, cap_named;

  bool tls_used[TLS_MINIMUM_AVAILABLE];

  /* modules */
  sim_module modules[16];
  int n_modules;
  int n_unloaded;                 /* modules unloaded and possibly reachable */
  int attach_counter;
  CRITICAL_SECTION loader_lock;
  bool process_exiting;
  int exit_code;
  sim_thread **killed_at_exit;    /* threads ExitProcess terminated */
  int n_killed_at_exit;
  void *leak_candidates;          /* what unloaded DLLs may have left behind */
  int n_leak_candidates, cap_leak_candidates;
  uint64_t leak_step;
  int leak_tid;
  struct strbuf misuse_report;    /* DllMain misuse seen in this run */
  uint64_t misuse_step;
  int misuse_tid;

  /* atexit functions, with the image that registered each */
  struct { void (*fn)(void); const sim_image *image; } atexit_fns[SIM_ATEXIT_MAX];
  int n_atexit;

  /* waitable timers that are set */
  sim_object **timers;
  int n_timers, cap_timers;

  /* lock-order graph: edges (a before b) seen in this run */
  struct sim_lock_edge *lock_edges;
  int n_lock_edges, cap_lock_edges;
};

extern sim_run *sim_current_run;

/* ---- Core (sched.c) ------------------------------------------------------------ */

/* Runs one program from a fresh start under a strategy and fills *result.
 * Returns whether the strategy has more schedules to try. */
bool sim_run_program(sim_program *program, const sim_options *opt, sim_strategy *strategy,
                     sim_result *result);

/* Entry of every simulated call: records where it returns to and where the
 * caller's stack begins (frame: the simulated function's own frame), then
 * lets the strategy decide who goes next.  Returns the calling thread. */
sim_thread *sim_enter(int api, void *ret_addr, void *frame);
/* For calls that are not scheduling points. */
sim_thread *sim_enter_local(int api, void *ret_addr);
/* After a call completes: a return into an unloaded module is an access
 * violation right here. */
void sim_leave(sim_thread *t);
/* Blocks the running thread (its wait must be set); returns once it has
 * been woken and picked again. */
void sim_block(sim_thread *t);
/* Makes a blocked thread ready; phase says what its next pick does. */
void sim_wake(sim_thread *t, sim_phase phase);
/* The running thread gives the rest of its turn to others. */
void sim_yield_turn(sim_thread *t);
/* Ends the run with a verdict; does not return. */
__attribute__((noreturn)) void sim_finish(sim_verdict_kind kind, sim_thread *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records a verdict without leaving the current context (the first
 * verdict of a run wins). */
void sim_finish_verdict(sim_verdict_kind kind, sim_thread *t, char *details, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Ends the run with a verdict and a multi-line explanation. */
__attribute__((noreturn)) void sim_finish_details(sim_verdict_kind kind, sim_thread *t,
                                                  char *details, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The process exits (main returned, ExitProcess, last thread); does not return. */
__attribute__((noreturn)) void sim_process_exit(sim_thread *t, int code);
/* The running thread (its api, ret_addr and phase set) reaches a
 * scheduling point; returns when it is picked. */
void sim_yield_point(sim_thread *t);
/* Removes a thread from the ready set (it exited or was terminated). */
void sim_thread_retire(sim_thread *t);
/* Makes a new or resumed thread ready. */
void sim_make_ready(sim_thread *t);
/* SuspendThread of a ready thread. */
void sim_suspend_ready(sim_thread *t);
/* Passes control on for good from a thread that has exited. */
__attribute__((noreturn)) void sim_switch_away_forever(sim_thread *t);

sim_thread *sim_thread_by_id(int id);
const char *sim_thread_label(const sim_thread *t, char *buf, size_t size);

/* ---- Threads (thread.c) ---------------------------------------------------------- */
/* No live thread is left after t: the process ends with t's exit code
 * and without DLL_PROCESS_DETACH, as the kernel ends it. */
__attribute__((noreturn)) void sim_last_thread_gone(sim_thread *t, DWORD code);
/* Hands t's mutexes to their next waiters as abandoned. */
void sim_mutexes_abandon(sim_thread *t);
sim_thread *sim_thread_create(LPTHREAD_START_ROUTINE start, void *param, bool suspended,
                              sim_thread *creator);
__attribute__((noreturn)) void sim_thread_exit(sim_thread *t, DWORD code);
void sim_thread_kill(sim_thread *t, DWORD code);

/* ---- Objects and handles (object.c) ----------------------------------------------- */
sim_object *sim_object_new(sim_object_type type);
HANDLE sim_handle_open(sim_object *o);
/* The object behind a handle, or NULL (and ERROR_INVALID_HANDLE set). */
sim_object *sim_handle_get(sim_thread *t, HANDLE h);
sim_object *sim_handle_get_type(sim_thread *t, HANDLE h, sim_object_type type);
bool sim_handle_close(sim_thread *t, HANDLE h);
const char *sim_object_label(const sim_object *o, char *buf, size_t size);
const char *sim_handle_label(HANDLE h, char *buf, size_t size);
sim_object *sim_named_find(const char *name);
void sim_named_add(sim_object *o, const char *name);

/* ---- Waits (wait.c) ------------------------------------------------------------------ */
/* Whether o can satisfy a wait of t right now, and taking it if so. */
bool sim_object_signalled_for(const sim_object *o, const sim_thread *t);
DWORD sim_object_acquire(sim_object *o, sim_thread *t);
/* Called whenever o may have become signalled: satisfies waiters in order. */
void sim_object_signal(sim_object *o);
DWORD sim_wait_objects(sim_thread *t, int n, sim_object **objs, bool all, DWORD timeout_ms);
/* Time: when nothing is ready, advance virtual time to the next deadline. */
bool sim_time_advance(void);
void sim_wait_cancel(sim_thread *t);

/* ---- Locks (lock.c) -------------------------------------------------------------------- */
void sim_held_push(sim_thread *t, void *lock, int kind, int api);
void sim_held_pop(sim_thread *t, void *lock);
void sim_cs_init(CRITICAL_SECTION *cs);
/* Enters a critical section for t (blocking as needed). */
void sim_cs_enter(sim_thread *t, CRITICAL_SECTION *cs);
bool sim_cs_try_enter(sim_thread *t, CRITICAL_SECTION *cs);
void sim_cs_leave(sim_thread *t, CRITICAL_SECTION *cs);
void sim_cs_delete(sim_thread *t, CRITICAL_SECTION *cs);
bool sim_cs_owned_by(const CRITICAL_SECTION *cs, const sim_thread *t);
bool sim_srw_try(sim_thread *t, SRWLOCK *l, bool exclusive);
void sim_srw_acquire(sim_thread *t, SRWLOCK *l, bool exclusive);
bool sim_srw_release(sim_thread *t, SRWLOCK *l, bool exclusive);
int sim_srw_exclusive_owner(const SRWLOCK *l);
const char *sim_lock_label(const void *lock, int kind, char *buf, size_t size);

/* ---- Heap (heap.c) ------------------------------------------------------------------------ */
void *sim_heap_alloc(size_t size, bool zero, void *caller);
void *sim_heap_realloc(void *p, size_t size, void *caller);
bool sim_heap_free(void *p, void *caller);
void sim_heap_reset(void);
/* Live allocations made by code in image im (NULL: all). */
size_t sim_heap_live(const sim_image *im, size_t *bytes);
/* "heap#3+0x10" for an address inside a live or freed block, else NULL. */
const char *sim_heap_describe(const void *addr, char *buf, size_t size);

/* ---- Modules (loader.c) -------------------------------------------------------------------- */
void sim_loader_reset(void);
sim_module *sim_module_of_address(const void *addr);
/* False for memory of an image that is protected right now. */
bool sim_readable(const void *addr);
/* Records DllMain misuse (a warning now, the verdict if the run is
 * otherwise fine). */
void sim_dllmain_misuse(sim_thread *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
sim_image *sim_image_of_address(const void *addr);
/* The module whose unloaded image contains addr, or NULL. */
sim_module *sim_unloaded_module_at(const void *addr);
void sim_thread_attach_notify(sim_thread *t);
void sim_thread_detach_notify(sim_thread *t);
void sim_process_detach_all(sim_thread *t);
void sim_loader_end_run(void);
/* Before main: loads the host's own imports (DLL_PROCESS_ATTACH). */
void sim_loader_process_start(sim_thread *t);
/* At the end of a process: ends the run with the DllMain-misuse or
 * leak-at-unload verdict if the run had one; returns otherwise. */
void sim_end_of_process_verdicts(void);
/* main returned: the C runtime calls exit, which is ExitProcess. */
__attribute__((noreturn)) void sim_main_returned(sim_thread *t, int code);
/* t is about to call code at addr: an access violation if it is unloaded. */
void sim_check_call(sim_thread *t, void *addr, const char *what);
/* At the end of a call: a return into an unloaded module is an access
 * violation (does not return then). */
void sim_check_return(sim_thread *t);

/* ---- Trace and warnings (trace.c) --------------------------------------------------------- */
static inline bool sim_tracing(void) { return sim_current_run && sim_current_run->opt.trace; }
void sim_trace(sim_thread *t, int kind, const char *result, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void sim_trace_note(sim_thread *t, int kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sim_warn(sim_thread *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sim_trace_output(sim_thread *t, int stream, const char *data, size_t len);
/* "g_lock (driver.dll)", "heap#2+0x8", "stack of thread 2", or hex. */
const char *sim_describe_address(const void *addr, char *buf, size_t size);
/* "worker_main+0x1c (driver.dll)" for a code address. */
const char *sim_describe_code(const void *addr, char *buf, size_t size);

/* ---- Output (crt.c) ------------------------------------------------------------------------ */
void sim_output(int stream, const char *data, size_t len);

/* ---- Crash handling (crash.c) ----------------------------------------------------------------- */
void sim_crash_install(void);
void sim_crash_arm(void);
void sim_crash_disarm(void);

/* ---- Stacks (stack.c) --------------------------------------------------------------------- */
struct sim_stack {
  struct sim_stack *next;
  void *lo;                       /* lowest usable byte (above the guard page) */
  size_t size;
  void *guard;
};
struct sim_stack *sim_stack_get(void);
void sim_stack_put(struct sim_stack *s);

#endif

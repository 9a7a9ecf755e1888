/* The kernel layer: the object model every simulated Win32 call works on.
 *
 * One process runs one simulated run at a time: a run executes a program (a
 * host image and its DLL images) from a fresh start under a strategy that
 * picks, at every scheduling point, which ready thread goes next.  All
 * simulated threads are fibers on the calling operating-system thread, so a
 * run is a pure function of the program and the sequence of picks.
 *
 * This header owns the run (sim_run), threads, kernel objects and their
 * handles, waits (on objects, and keyed waits on addresses), APC queues,
 * critical sections and SRW locks, completion ports, pipes, timers, the
 * heap, and the trace.  It knows nothing of modules, DllMain or
 * detectors: where the scheduler or a lock must reach them it calls through
 * the run's hook table (sim_kernel_hooks), which the layers above fill in.
 *
 * Lifetimes: a sim_program (and its images) lives across runs; everything
 * under sim_run is reset at the start of every run and allocated from the
 * run's arena.
 */
#ifndef SIM_KERNEL_H
#define SIM_KERNEL_H

#include <windows.h>

#include <setjmp.h>
#include <stdio.h>

#include "core.h"

typedef struct sim_thread sim_thread;
typedef struct sim_object sim_object;
typedef struct sim_run sim_run;
typedef struct sim_packet sim_packet;
/* Types of the layers above, which the kernel only points at. */
struct sim_module;
struct sim_image;
struct sim_loader_run;
struct sim_check_run;
struct sim_lock_edge;

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
  int tally;                      /* scratch for sim__run_verify */
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
      DWORD max_instances;        /* server ends: nMaxInstances of the name */
      bool server, connected, broken;
      struct strbuf data;         /* bytes written by the peer, not yet read */
      struct sim_io *reads;       /* pending overlapped reads, FIFO */
      struct sim_io *connect;     /* pending overlapped ConnectNamedPipe */
    } pipe;
    struct {
      bool manual;
      uint64_t due_ms;            /* UINT64_MAX when not set */
      uint64_t period_ms;
      PTIMERAPCROUTINE routine;   /* completion routine, or NULL */
      LPVOID routine_arg;
      sim_thread *routine_thread; /* the thread that set it, which runs the routine */
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

typedef enum sim_wait_kind {
  SIM_WAIT_NONE = 0,
  SIM_WAIT_OBJECTS,    /* WaitForSingle/MultipleObjects */
  SIM_WAIT_SLEEP,
  SIM_WAIT_CS,         /* critical section (the loader lock is one) */
  SIM_WAIT_SRW_EXCLUSIVE,
  SIM_WAIT_SRW_SHARED,
  SIM_WAIT_PORT,
  SIM_WAIT_IO,         /* synchronous pipe I/O */
  SIM_WAIT_KEYED,      /* an address-keyed wait (keyed.c): condition variables,
                          WaitOnAddress, one-time initialisation, the thread pool */
} sim_wait_kind;

#define SIM_NO_DEADLINE UINT64_MAX
/* TLS indexes per process, as Windows documents (TlsAlloc): 64 slots in
 * each thread's TEB and 1,024 expansion slots, allocated per thread when
 * first used. */
#define SIM_TLS_EXPANSION_SLOTS 1024
#define SIM_TLS_SLOTS (TLS_MINIMUM_AVAILABLE + SIM_TLS_EXPANSION_SLOTS)

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
  /* Polling (sched.c, "Time while threads poll"): the call it is at is a
   * poll (Sleep(0), a zero timeout, a Try or Interlocked call, a clock
   * read), and its last completed call was a poll that found nothing. */
  bool poll_call;                 /* set just before entering a poll */
  bool at_poll;                   /* the call it is at is a poll */
  bool poll_fruitless;            /* the call under way found nothing */
  bool last_poll_fruitless;       /* its last completed call found nothing */
  int clock_reads;                /* clock reads since its last scheduling point */
  sim_fiber fiber;
  struct sim_stack *stack;
  sim_object *object;             /* its kernel object (signalled at exit) */
  LPTHREAD_START_ROUTINE start;
  void *param;
  DWORD exit_code;
  LONG suspend_count;
  DWORD last_error;
  void *tls[TLS_MINIMUM_AVAILABLE];
  void **tls_expansion;           /* SIM_TLS_EXPANSION_SLOTS more, allocated on first use */
  /* Where GetQueuedCompletionStatusEx collects the packets it takes: from
   * the run's arena, grown as needed, because the thread may never come
   * back from the call (the process ends while it waits), and memory of
   * the simulator's own heap would then be lost with every such run. */
  sim_packet **port_got;
  unsigned long port_got_cap;
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
    sim_wait_block *blocks;       /* MAXIMUM_WAIT_OBJECTS, allocated at its first wait */
    uint64_t since_step;
    /* Keyed waits (keyed.c): the key, the thread that could end the wait if
     * one is known (for wait-for cycles), and what the wait is, in words. */
    const struct sim_key_kind *key_kind;
    const void *key;
    sim_thread *blocker;
  } wait;

  sim_held *held;                 /* locks it holds, oldest first (grows in the arena) */
  int n_held, cap_held;
  uint64_t created_step;
  int created_by;
  sim_object *port_assoc;         /* completion port the thread is counted on */
  bool port_active;               /* counted in port_assoc's active threads */
  sim_thread *port_next;          /* next (older) waiter on the same port */
  unsigned rand_state;            /* rand(), per thread as in msvcrt */
  bool exiting;                   /* left its start routine (ExitThread or return) */
  struct sim_apc *apcs, *apcs_tail; /* queued user APCs, oldest first (apc.c) */
  bool alertable;                 /* in an alertable wait: a queued APC ends it */
  bool start_returns_32;          /* _beginthreadex: the routine returns a 32-bit unsigned */

  /* The loader's per-thread state (loader/), as the loader keeps its own
   * fields in a Windows thread's TEB; the kernel reads only stale_module,
   * to know that the end of this thread's call must be checked. */
  int dllmain_depth;              /* DllMain calls it is inside */
  struct sim_module *dllmain_module;
  bool killed_at_exit;            /* terminated by ExitProcess */
  int stale_module;               /* index + 1 of a module reloaded under its pending call */
  uint64_t stale_unloaded_step;

  /* For traces: who woke it from its last wait, and when (0: not since
   * its last event). */
  int woken_by;
  uint64_t woken_step;
  /* The kind of wait it was woken from, until it runs again (NONE at any
   * other time): sim__wake clears wait.kind, but the call resumes by
   * reading that wait's result, packet or lock, which a state fingerprint
   * must therefore describe (fingerprint.c). */
  sim_wait_kind woken_from;
  /* The deepest address the simulator's frames reached on its stack since
   * the last scrub (sched.c, "What the simulator leaves on a thread's
   * stack"); UINTPTR_MAX: none noted. */
  uintptr_t stack_low;
};

/* ---- The scheduler's interface to a strategy (explore/) ------------------- */

/* What a strategy sees at a scheduling point. */
typedef struct sim_decision {
  uint64_t step;                  /* the step being decided, from 1 */
  sim_thread *cur;                /* the thread that was running, or NULL */
  sim_thread **ready;             /* ready threads, by increasing id */
  int n_ready;
  int default_index;              /* the pick when nothing says otherwise */
  bool cur_ready;                 /* cur is ready and not yielding */
  /* Picking another thread preempts cur: cur_ready, unless virtual time
   * has just jumped.  Every thread was blocked then, cur too, so the
   * threads the jump woke all start from a wait, and none of them is
   * taken off the processor whichever runs first. */
  bool preempts;
} sim_decision;

/* What one step touched (footprint.c): the resources it read or wrote,
 * each entry SIM_RES(kind, key) << 1 | (1 if written), once per resource;
 * the threads it made ready; the ready threads it took out of the ready
 * set; and whether it must be ordered with every other step. */
typedef struct sim_footprint {
  int tid;                        /* the thread that ran it; 0: the clock */
  bool global;
  const uint64_t *acc;
  int n_acc;
  const int *woken;
  int n_woken;
  const int *disabled;
  int n_disabled;
} sim_footprint;

typedef struct sim_strategy_ops {
  const char *name;
  void (*begin_run)(sim_strategy *s);
  int (*pick)(sim_strategy *s, const sim_decision *d);
  /* After a run; returns false when the strategy has nothing left. */
  bool (*end_run)(sim_strategy *s);
  void (*destroy)(sim_strategy *s);
  /* Optional: a strategy that sets it is told about every step, and the
   * run records footprints for it.  Called when a step ends, with what it
   * touched (done; NULL before the first step) and the decision that
   * follows (next; NULL when the clock runs next or the run is over).
   * Called for every decision, also those with one ready thread, before
   * pick. */
  void (*step)(sim_strategy *s, const sim_footprint *done, const sim_decision *next);
  /* With step: which calls have their footprint declared (indexed by
   * enum sim_api); a step through any other call is global. */
  const bool *declared_calls;
  /* Optional: called at every decision with one ready thread (which asks
   * no pick), after step; the state cache's cut points are there. */
  void (*alone)(sim_strategy *s, const sim_decision *d);
} sim_strategy_ops;

struct sim_strategy {
  const sim_strategy_ops *ops;
};

/* ---- Hooks: where the kernel calls the layers above --------------------------- */

/* Filled in by whoever starts a run (explore/run.c), so that no kernel file
 * includes a header of a layer above it. */
typedef struct sim_kernel_hooks {
  /* loader/: at the end of a call, a return into an unloaded module is an
   * access violation (does not return then). */
  void (*check_return)(sim_thread *t);
  /* loader/: "g_lock (driver.dll)", "heap#2+0x8", "stack of thread 2". */
  const char *(*describe_address)(const void *addr, char *buf, size_t size);
  /* loader/: the image whose code or data contains addr, or NULL. */
  struct sim_image *(*image_of_address)(const void *addr);
  /* check/: nothing is ready and nothing has a deadline: reports the
   * deadlock and ends the run. */
  __attribute__((noreturn)) void (*deadlock)(sim_thread *cur);
  /* check/: what t waits for, in words, for the trace. */
  void (*describe_wait)(const sim_thread *t, struct strbuf *out);
  /* check/: t has taken lock (the newest of t->held) while holding others. */
  void (*lock_order_note)(sim_thread *t, void *lock, int kind);
  /* check/: a watchdog interrupt reached a safe point in the simulator,
   * where t called it from `at` (or NULL): ends the run with the hang
   * verdict. */
  __attribute__((noreturn)) void (*interrupted)(sim_thread *t, const sim_fault *f, void *at);
  /* loader/: t cannot take a critical section or SRW lock at once and
   * is about to wait for it; during process exit Windows ends the process
   * there (does not return then). */
  void (*lock_would_wait)(sim_thread *t, void *lock, int kind);
} sim_kernel_hooks;

/* ---- The run ----------------------------------------------------------------- */

struct sim_run {
  sim_program *program;
  sim_options opt;
  sim_strategy *strategy;
  sim_result *result;
  const sim_kernel_hooks *hooks;
  struct arena arena;
  /* Thread records only, so that thread n's record is at the same address
   * in every run that creates threads in the same order, whatever else
   * the run allocated before (a record's address is in the registers and
   * on the stack of its thread's start, which a state fingerprint reads). */
  struct arena thread_arena;

  sim_fiber sched_fiber;          /* the OS thread's own context */
  sigjmp_buf crash_jmp;
  volatile int finishing;

  sim_thread **threads;           /* by id - 1 */
  int n_threads, cap_threads;
  sim_thread *cur;
  sim_thread **ready;             /* sorted by id */
  int n_ready;
  int n_live;
  /* Zero what the simulator leaves on stacks (sched.c): set by a strategy
   * with a state cache, the only reader of whole stacks, for the run. */
  bool scrub_stacks;
  uint64_t step;
  uint64_t now_ms;
  uint32_t hash;
  int preemptions;
  int exit_code;                  /* the process's, once it exits */

  /* The handle table (object.c): slot i is handle (i + 1) * 4 and holds
   * its object, or NULL while the slot is free.  Free slots are reused
   * most recently freed first, from a stack of their indexes. */
  sim_object **handles;
  int n_handles, cap_handles;     /* slots ever used; allocated */
  int *free_slots;                /* indexes of free slots, newest last */
  int n_free, cap_free;
  int serial[SIM_OBJ_TYPE_COUNT];
  sim_object **named;             /* named objects */
  int n_named, cap_named;

  bool tls_used[SIM_TLS_SLOTS];

  /* waitable timers that are set */
  sim_object **timers;
  int n_timers, cap_timers;

  /* The process's loader lock, a critical section as in Windows' PEB; the
   * kernel only names it ("loader lock") in traces. */
  CRITICAL_SECTION loader_lock;
  /* Modules unloaded and possibly reachable (set by the loader): while it
   * is 0, the end of a call need not check where it returns to. */
  int n_unloaded;

  /* The state of the layers above, allocated from the arena by them. */
  struct sim_loader_run *loader;  /* loader/ */
  struct sim_check_run *check;    /* check/ */
  struct sim_api_run *api;        /* api/ (allocated on first use) */
};

extern sim_run *sim__current_run;

/* ---- Starting and ending a run (sched.c) --------------------------------------- */

/* Resets the one run for a program, options, strategy and result, and
 * makes it current. */
sim_run *sim__run_begin(sim_program *p, const sim_options *opt, sim_strategy *s,
                       const sim_kernel_hooks *hooks, sim_result *res);
/* Picks the first thread and switches to it; returns when the run ends
 * (sim__finish switches back here). */
void sim__run_start(sim_run *r);
/* Copies the run's figures into its result and gives back what the run
 * took; the run is no longer current. */
void sim__run_end(sim_run *r);
/* Checks the invariants of the kernel's state as a whole (verify.c); a
 * broken one is an internal failure. */
void sim__run_verify(const sim_run *r);
/* The kernel's part of a fingerprint of the run's state, where one thread
 * is alive and at the start of a call (fingerprint.c); false where the
 * state holds something the fingerprint does not describe. */
bool sim__kernel_fingerprint(const sim_run *r, sim_fingerprint *f, bool several);
/* A lock as a fingerprint names it: its address, or a kernel object's type
 * and number. */
uint64_t sim__lock_identity(const void *lock, int kind);

/* ---- The scheduler (sched.c) ------------------------------------------------------ */

/* Entry of every simulated call: records where it returns to and where the
 * caller's stack begins (frame: the simulated function's own frame), then
 * lets the strategy decide who goes next.  Returns the calling thread. */
sim_thread *sim__enter(int api, void *ret_addr, void *frame);
/* Zeroes what the simulator's frames left below the caller's on t's stack
 * (starting: the first time, from a stack's earlier threads too). */
void sim__stack_scrub(sim_thread *t, bool starting);
/* Notes that the simulator's frames reach down to sp on t's stack. */
static inline void sim__stack_note_depth(sim_thread *t, uintptr_t sp) {
  if (sp < t->stack_low) t->stack_low = sp;
}
/* For calls that are not scheduling points. */
sim_thread *sim__enter_local(int api, void *ret_addr);
/* Marks the call the running thread is about to enter as a poll (before
 * sim__enter): a call that only looks at state and may find nothing. */
void sim__poll_next_call(void);
/* A clock read (GetTickCount, GetTickCount64): local the first time after
 * a scheduling point, a poll and a scheduling point when the thread reads
 * the clock again without any other call in between (a thread that spins
 * on the clock).  Returns the calling thread. */
sim_thread *sim__clock_read(int api, void *ret_addr, void *frame);
/* After a call completes: a return into an unloaded module is an access
 * violation right here. */
void sim__leave(sim_thread *t);
/* A safe point for a watchdog interrupt that could not end the run where
 * it struck (core/fault.c): ends the run then. */
static inline void sim__watchdog_poll(sim_thread *t, void *at) {
  if (sim__fault_interrupt_is_pending()) {
    sim_fault f;
    if (sim__fault_take_pending(&f)) sim__current_run->hooks->interrupted(t, &f, at);
  }
}
/* Blocks the running thread (its wait must be set); returns once it has
 * been woken and picked again. */
void sim__block(sim_thread *t);
/* Makes a blocked thread ready; phase says what its next pick does. */
void sim__wake(sim_thread *t, sim_phase phase);
/* Ends the run with a verdict; does not return. */
__attribute__((noreturn)) void sim__finish(sim_verdict_kind kind, sim_thread *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records a verdict without leaving the current context (the first
 * verdict of a run wins). */
void sim__finish_verdict(sim_verdict_kind kind, sim_thread *t, char *details, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Ends the run with a verdict and a multi-line explanation. */
__attribute__((noreturn)) void sim__finish_details(sim_verdict_kind kind, sim_thread *t,
                                                  char *details, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The running thread (its api, ret_addr and phase set) reaches a
 * scheduling point; returns when it is picked. */
void sim__yield_point(sim_thread *t);
/* Removes a thread from the ready set (it exited or was terminated). */
void sim__thread_retire(sim_thread *t);
/* Makes a new or resumed thread ready. */
void sim__make_ready(sim_thread *t);
/* Gives a new thread its id and a place in the run's list of threads,
 * which grows as needed: exited threads count toward nothing. */
void sim__thread_register(sim_thread *t);
/* SuspendThread of a ready thread. */
void sim__suspend_ready(sim_thread *t);
/* Passes control on for good from a thread that has exited. */
__attribute__((noreturn)) void sim__switch_away_forever(sim_thread *t);

sim_thread *sim__thread_by_id(int id);
const char *sim__thread_label(const sim_thread *t, char *buf, size_t size);

/* ---- Objects and handles (object.c) ----------------------------------------------- */
sim_object *sim__object_new(sim_object_type type);
/* A new handle to o.  More than SIM_HANDLES_MAX open at once ends the run
 * with the resource-limit verdict. */
HANDLE sim__handle_open(sim_object *o);
/* The handle table, for whoever must look at every open handle: slots
 * 0 .. sim__handle_slots() - 1, each holding its object or NULL when free,
 * and the handle value of a slot. */
int sim__handle_slots(void);
sim_object *sim__handle_slot(int slot);
HANDLE sim__handle_of_slot(int slot);
/* Handles open right now. */
int sim__handles_open(void);
/* The object behind a handle, or NULL (and ERROR_INVALID_HANDLE set). */
sim_object *sim__handle_get(sim_thread *t, HANDLE h);
sim_object *sim__handle_get_type(sim_thread *t, HANDLE h, sim_object_type type);
bool sim__handle_close(sim_thread *t, HANDLE h);
const char *sim__object_label(const sim_object *o, char *buf, size_t size);
/* "event", "thread", "port", ... */
const char *sim__object_type_name(sim_object_type type);
const char *sim__handle_label(HANDLE h, char *buf, size_t size);
sim_object *sim__named_find(const char *name);
void sim__named_add(sim_object *o, const char *name);
/* o's name goes (its last handle was closed); o itself lives on for
 * whoever still uses it. */
void sim__named_remove(sim_object *o);
/* The last handle of o was closed (ports wake their waiters, pipes break). */
void sim__object_last_handle_closed(sim_thread *t, sim_object *o);

/* ---- Waits (wait.c) ------------------------------------------------------------------ */
/* Whether o can satisfy a wait of t right now, and taking it if so. */
bool sim__object_signalled_for(const sim_object *o, const sim_thread *t);
/* Called whenever o may have become signalled: satisfies waiters in order. */
void sim__object_signal(sim_object *o);
DWORD sim__wait_objects(sim_thread *t, int n, sim_object **objs, bool all, DWORD timeout_ms);
/* Whether a wait for objs (any, or all) would be satisfied right now,
 * timers brought up to date first; takes nothing. */
bool sim__objects_satisfy(const sim_thread *t, int n, sim_object **objs, bool all);
/* Time: when nothing is ready, advance virtual time to the next deadline. */
bool sim__time_advance(void);
/* Every ready thread only polls: a quantum of virtual time passes (less if
 * a deadline comes first). */
void sim__time_spin(void);
/* Milliseconds of virtual time one round of polling costs. */
#define SIM_SPIN_QUANTUM_MS 1
void sim__wait_cancel(sim_thread *t);
/* Hands t's mutexes to their next waiters as abandoned. */
void sim__mutexes_abandon(sim_thread *t);

/* ---- Keyed waits (keyed.c) ---------------------------------------------------------- */
/* What a keyed wait is for (a condition variable, an address, ...): waits
 * and wakes of one kind never meet those of another on the same address. */
typedef struct sim_key_kind {
  /* the wait, in words, for traces and deadlock reports */
  void (*describe)(const sim_thread *t, struct strbuf *out);
} sim_key_kind;
/* Blocks t on (kind, key) until sim__keyed_wake names it (WAIT_OBJECT_0),
 * timeout_ms passes (WAIT_TIMEOUT at once for 0; INFINITE: never), or the
 * wait is interrupted (the interrupt's result).  blocker: the thread that
 * could end the wait, if one is known (for wait-for cycles).  Returns the
 * result. */
DWORD sim__keyed_wait(sim_thread *t, const sim_key_kind *kind, const void *key, DWORD timeout_ms,
                     sim_thread *blocker);
/* Wakes up to max threads blocked on (kind, key), longest-waiting first;
 * returns how many it woke. */
int sim__keyed_wake(const sim_key_kind *kind, const void *key, int max);

/* ---- APCs and interrupted waits (apc.c) ------------------------------------------------ */
/* A user APC: a function the thread runs in its next alertable wait. */
struct sim_apc {
  struct sim_apc *next;
  PAPCFUNC routine;               /* QueueUserAPC, or NULL */
  ULONG_PTR arg;
  PTIMERAPCROUTINE timer_routine; /* a waitable timer's completion routine, or NULL */
  LPVOID timer_arg;
  DWORD timer_low, timer_high;    /* when the timer fired, as a FILETIME */
  sim_object *timer;              /* the timer whose routine it is, or NULL */
};
/* Ends t's wait at once (its kind, object, lock, or key) with result. */
void sim__wait_interrupt(sim_thread *t, DWORD result);
/* Queues an APC for t (allocated from the run's arena by the caller); a
 * thread in an alertable wait leaves it with WAIT_IO_COMPLETION. */
void sim__apc_queue(sim_thread *t, struct sim_apc *apc);
/* The oldest APC queued for t, taken off its queue, or NULL. */
struct sim_apc *sim__apc_take(sim_thread *t);
/* Drops the completion-routine APCs of timer that its thread has not run
 * yet (setting or cancelling a timer cancels them). */
void sim__apc_cancel_timer(sim_object *timer);

/* ---- Locks (lock.c) -------------------------------------------------------------------- */
void sim__held_push(sim_thread *t, void *lock, int kind, int api);
/* Forgets the newest entry for lock; false if t does not hold it. */
bool sim__held_pop(sim_thread *t, void *lock);
void sim__cs_init(CRITICAL_SECTION *cs);
/* Enters a critical section for t (blocking as needed). */
void sim__cs_enter(sim_thread *t, CRITICAL_SECTION *cs);
bool sim__cs_try_enter(sim_thread *t, CRITICAL_SECTION *cs);
void sim__cs_leave(sim_thread *t, CRITICAL_SECTION *cs);
void sim__cs_delete(sim_thread *t, CRITICAL_SECTION *cs);
bool sim__srw_try(sim_thread *t, SRWLOCK *l, bool exclusive);
void sim__srw_acquire(sim_thread *t, SRWLOCK *l, bool exclusive);
bool sim__srw_release(sim_thread *t, SRWLOCK *l, bool exclusive);
int sim__srw_exclusive_owner(const SRWLOCK *l);
const char *sim__lock_label(const void *lock, int kind, char *buf, size_t size);

/* ---- Completion ports (port.c), pipes (pipe.c), timers (timer.c) ------------------ */

struct sim_packet {
  sim_packet *next;
  DWORD bytes;
  ULONG_PTR key;
  LPOVERLAPPED ov;
  DWORD error;                    /* 0, or the Win32 error of a failed I/O */
};

/* What a thread blocked in GetQueuedCompletionStatus(Ex) receives. */
struct sim_port_wait {
  sim_packet *got;                /* the packet handed over, or NULL */
};

/* Common to both GetQueuedCompletionStatus forms: takes up to max packets
 * into got[]; returns how many, or 0 with *error set. */
ULONG sim__port_dequeue(sim_thread *self, sim_object *port, sim_packet **got, ULONG max, DWORD ms,
                       DWORD *error);
void sim__port_post(sim_object *port, DWORD bytes, ULONG_PTR key, LPOVERLAPPED ov, DWORD error);
void sim__port_wait_cancel(sim_thread *t);
/* Concurrency bookkeeping: a thread counted as running for a port blocks
 * on something else, wakes up again, or ends. */
void sim__port_thread_blocks(sim_thread *t);
void sim__port_thread_wakes(sim_thread *t);
void sim__port_thread_gone(sim_thread *t);
/* Calls note for every queued packet's key or OVERLAPPED, and every pending
 * I/O's buffer or OVERLAPPED, that points into [lo, hi). */
void sim__ports_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx);
/* The last handle of o was closed (ports wake their waiters, pipes break). */
void sim__object_last_handle_closed(sim_thread *t, sim_object *o);

/* Waitable timers on virtual time. */
uint64_t sim__timers_next_due(void);
/* The virtual system time as a FILETIME (100 ns since 1601): it starts at
 * 2024-01-01 00:00:00 UTC and moves with virtual time. */
#define SIM_SYSTEM_TIME_START 133485408000000000ULL
uint64_t sim__system_time_100ns(void);
void sim__timer_register(sim_object *t);
void sim__timers_fire(uint64_t now_ms);

/* Pipes (pipe.c). */
#define STATUS_PENDING 0x103
#define STATUS_PIPE_BROKEN 0xC000014BUL
#define STATUS_CANCELLED 0xC0000120UL

/* One pending operation on a pipe end: a read, or a ConnectNamedPipe. */
struct sim_io {
  struct sim_io *next;
  LPOVERLAPPED ov;                /* NULL for a synchronous operation */
  char *buf;
  DWORD size;
  bool is_connect;
  sim_thread *waiter;             /* blocked synchronous caller */
  DWORD bytes, error;
  bool done;
};

struct sim_io *sim__pipe_io_new(LPOVERLAPPED ov, void *buf, DWORD size);
/* Finishes an operation: the OVERLAPPED, its event, the port, or the
 * blocked synchronous caller. */
void sim__pipe_complete(sim_object *pipe, struct sim_io *io, DWORD bytes, DWORD error);
void sim__pipe_read(sim_object *pipe, struct sim_io *io);
void sim__pipe_deliver(sim_object *peer, const void *buf, DWORD size);
int sim__pipe_cancel(sim_object *o, LPOVERLAPPED ov);
sim_object *sim__pipe_find_server(const char *name, bool *exists);
/* The server ends open with that name (any case), and the instance limit
 * the first of them set (0 if none is open). */
int sim__pipe_instances(const char *name, DWORD *max_instances);
void sim__pipe_link(sim_object *server, sim_object *client);
void sim__pipe_connect_done(sim_object *server);
/* Blocks a synchronous caller until its operation completes. */
void sim__pipe_wait_io(sim_thread *self, struct sim_io *io);
void sim__pipe_closed(sim_thread *t, sim_object *o);
void sim__pipes_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx);

/* ---- Heap (heap.c) ------------------------------------------------------------------------ */
void *sim__heap_alloc(size_t size, bool zero, void *caller);
void *sim__heap_realloc(void *p, size_t size, void *caller);
bool sim__heap_free(void *p, void *caller);
bool sim__heap_was_freed(const void *p);
void sim__heap_reset(void);
/* Live allocations made by code in image im (NULL: all). */
size_t sim__heap_live(const struct sim_image *im, size_t *bytes);
/* "heap#3+0x10" for an address inside a live or freed block, else NULL. */
const char *sim__heap_describe(const void *addr, char *buf, size_t size);
/* Calls note for every word in a live heap block that points into [lo, hi). */
void sim__heap_scan(uintptr_t lo, uintptr_t hi, void (*note)(void *ctx, uintptr_t word), void *ctx);

/* Calls visit for every live block allocated by code of image im. */
void sim__heap_each_live(const struct sim_image *im,
                        void (*visit)(void *ctx, const void *block, uint64_t serial, size_t size),
                        void *ctx);
/* Whether the block allocated as heap#serial at p is still live. */
bool sim__heap_block_live(const void *p, uint64_t serial);
/* Calls note for every word of every live block not allocated by code of
 * image skip. */
void sim__heap_scan_words(const struct sim_image *skip, void (*note)(void *ctx, uintptr_t word),
                         void *ctx);
/* Whether p is the start of a live block that code of owner allocated;
 * its serial number if so. */
bool sim__heap_live_block_of(const void *p, const struct sim_image *owner, uint64_t *serial_out);
/* The heap's part of a state fingerprint. */
void sim__heap_fingerprint(sim_fingerprint *f);

/* ---- Footprints (footprint.c) ------------------------------------------------------------ */

/* The kinds of resource a step can touch; footprint.c says what each
 * key is. */
typedef enum sim_res_kind {
  SIM_RES_MEMORY = 1,             /* a 4-byte granule of the program's memory */
  SIM_RES_HEAP_LIFE,              /* a heap block's existence (allocated, freed) */
  SIM_RES_OBJECT,                 /* a kernel object */
  SIM_RES_HANDLE,                 /* one slot of the handle table */
  SIM_RES_HANDLES,                /* the handle table's free list */
  SIM_RES_THREADS,                /* thread ids and the count of live threads */
  SIM_RES_NAMES,                  /* the namespace of named objects */
  SIM_RES_MODULES,                /* the loader's modules and atexit functions */
  SIM_RES_OUTPUT,                 /* key 1: stdout, 2: stderr */
  SIM_RES_LOCK,                   /* a critical section or SRW lock, keyed as memory */
  SIM_RES_TLS,                    /* a TLS index; key SIM_TLS_SLOTS: which indexes are in use */
  SIM_RES_KIND_COUNT
} sim_res_kind;

#define SIM_RES(kind, key) (((uint64_t)(kind) << 56) | ((uint64_t)(key) & 0xFFFFFFFFFFFFFFULL))
#define SIM_RES_KIND_OF(res) ((int)((res) >> 56))

/* Code that the program's instrumented loads and stores call: kept in one
 * section, so that the CPU watchdog can tell it from the program's own
 * code (core/fault.c). */
#define SIM_HOOK __attribute__((section("loaderlab_hooks")))
/* The fast paths below are inlined even without optimisation, so that
 * they run inside the hooks' section. */
#define SIM_FAST static inline __attribute__((always_inline))

/* The fast-path state the instrumentation reads on every access. */
typedef struct sim_fp_fast {
  bool on;                        /* a strategy wants footprints, in a step */
  uintptr_t stack_lo;             /* the running thread's own stack */
  uintptr_t stack_size;
} sim_fp_fast;
extern sim_fp_fast sim__fp;

/* Starts or stops recording for a run (footprint.c; run.c decides). */
void sim__fp_run_begin(bool on, const bool *declared_calls, bool instrumented);
/* The run is over: reports its last step to the strategy. */
void sim__fp_run_end(void);
/* The scheduler's boundaries: the running step ends (next: the decision
 * that follows), a new one begins for t; the clock's step begins. */
void sim__fp_step_end(const sim_decision *next);
void sim__fp_step_begin(const sim_thread *t);
void sim__fp_clock_begin(void);
/* While paused, steps are reported with empty footprints: a strategy that
 * kept the footprints of the steps a run repeats need not record them again
 * (the heap's blocks are still followed). */
void sim__fp_pause(bool paused);
/* What steps touch. */
void sim__fp_touch_slow(uint64_t res, bool write);
SIM_FAST void sim__fp_touch(sim_res_kind kind, uint64_t key, bool write) {
  if (sim__fp.on) sim__fp_touch_slow(SIM_RES(kind, key), write);
}
void sim__fp_memory_slow(uintptr_t addr, size_t size, bool write);
SIM_FAST void sim__fp_memory(const void *addr, size_t size, bool write) {
  if (!sim__fp.on) return;
  uintptr_t a = (uintptr_t)addr;
  if (a - sim__fp.stack_lo < sim__fp.stack_size && a + size - sim__fp.stack_lo <= sim__fp.stack_size)
    return;
  sim__fp_memory_slow(a, size, write);
}
void sim__fp_object_slow(const sim_object *o, bool write);
SIM_FAST void sim__fp_object(const sim_object *o, bool write) {
  if (sim__fp.on && o) sim__fp_object_slow(o, write);
}
/* A critical section or SRW lock of `size` bytes that the step is about to
 * use: a step that leaves it exactly as it found it (took and released
 * it) only read it. */
void sim__fp_lock_slow(const void *lock, size_t size);
SIM_FAST void sim__fp_lock(const void *lock, size_t size) {
  if (sim__fp.on) sim__fp_lock_slow(lock, size);
}
void sim__fp_global(void);
void sim__fp_call(int api);
void sim__fp_wake(const sim_thread *t);
void sim__fp_disable(const sim_thread *t);
/* The heap tells where its blocks are (and a free is a write of the
 * block's existence). */
void sim__fp_heap_alloc(const void *p, size_t size, uint64_t serial);
void sim__fp_heap_free(const void *p);

/* ---- Trace and warnings (trace.c) --------------------------------------------------------- */
static inline bool sim__tracing(void) { return sim__current_run && sim__current_run->opt.trace; }
void sim__trace(sim_thread *t, int kind, const char *result, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void sim__trace_note(sim_thread *t, int kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void sim__warn(sim_thread *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* At the end of every step while tracing: records the completion-port
 * queue lengths that changed during it. */
void sim__trace_step_done(void);
/* Marks the last event recorded as changing a module's state
 * (SIM_MODULE_*), for viewers. */
void sim__trace_module_state(const char *module, int state);
void sim__trace_output(sim_thread *t, int stream, const char *data, size_t len);
/* "g_lock (driver.dll)", "heap#2+0x8", "stack of thread 2", or hex (the
 * loader's describe_address hook). */
const char *sim__describe_address(const void *addr, char *buf, size_t size);

#endif

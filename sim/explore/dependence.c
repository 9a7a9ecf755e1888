/* The dependence relation of partial-order reduction: when two steps of a
 * run must be explored in both orders, and which calls have a footprint
 * the relation can trust.  Everything the reduced search (dpor.c) assumes
 * about commuting steps is in this file; tests/test_dependence.c tests each
 * rule.
 *
 * A step is what one thread runs between two scheduling points; its
 * footprint (kernel/footprint.c) is the set of resources it read and wrote,
 * the threads it made ready, the ready threads it took out of the ready set,
 * and whether it is global.  Two steps are independent when running them
 * in either order from the same state gives the same state and neither
 * changes whether the other can run; then two schedules that differ only
 * in their order are the same execution, and the search runs one of them.
 * The rules below name every way two steps can fail to commute in the
 * simulator.
 */
#include "explore.h"

/* ---- Calls whose footprint is declared ---------------------------------------- */

/* A call is declared when every shared thing its implementation touches is
 * noted by a footprint hook (kernel/footprint.c lists the kinds).  A step
 * that runs through any call missing here is global: dependent with every
 * other step.  A call the simulator gains later therefore makes no search
 * unsound; it only costs reduction until someone audits it and adds it. */
const bool sim__declared_calls[SIM_API_COUNT] = {
    /* Thread start and end: the loader lock (a critical section), the
     * module list, DllMain's own code, the thread's object (signalled at
     * the end), the count of live threads, the mutexes it abandons. */
    [SIM_API_ThreadStart] = true,
    [SIM_API_ThreadExit] = true,
    [SIM_API_ExitThread] = true,
    /* Process exit is global by its own hook (it ends every thread). */
    [SIM_API_ProcessExit] = true,
    [SIM_API_ExitProcess] = true,
    [SIM_API_exit] = true,
    [SIM_API_abort] = true,
    [SIM_API_assert] = true,
    /* Threads: the thread table, the new thread's object and handle, and
     * the handle's object for the calls that take one; ResumeThread and
     * SuspendThread make ready or take out, TerminateThread both. */
    [SIM_API_CreateThread] = true,
    [SIM_API_GetExitCodeThread] = true,
    [SIM_API_GetCurrentThreadId] = true,
    [SIM_API_GetThreadId] = true,
    [SIM_API_ResumeThread] = true,
    [SIM_API_SuspendThread] = true,
    [SIM_API_TerminateThread] = true,
    [SIM_API_SetThreadDescription] = true,
    [SIM_API_GetCurrentProcessId] = true,
    /* Handles and waits: the slot, the free list, the object; a wait
     * writes every object it names (it may take them). */
    [SIM_API_CloseHandle] = true,
    [SIM_API_WaitForSingleObject] = true,
    [SIM_API_WaitForMultipleObjects] = true,
    /* Time is the clock's step (footprint.c), so reading it or setting a
     * deadline touches nothing another step can change. */
    [SIM_API_Sleep] = true,
    [SIM_API_GetTickCount] = true,
    [SIM_API_GetTickCount64] = true,
    /* Events, mutexes, semaphores: the object, its handle, the namespace
     * of names for the named ones. */
    [SIM_API_CreateEventA] = true,
    [SIM_API_CreateEventW] = true,
    [SIM_API_SetEvent] = true,
    [SIM_API_ResetEvent] = true,
    [SIM_API_CreateMutexA] = true,
    [SIM_API_CreateMutexW] = true,
    [SIM_API_ReleaseMutex] = true,
    [SIM_API_CreateSemaphoreA] = true,
    [SIM_API_CreateSemaphoreW] = true,
    [SIM_API_ReleaseSemaphore] = true,
    /* Critical sections and SRW locks live in the program's memory: the
     * lock's address is the resource. */
    [SIM_API_InitializeCriticalSection] = true,
    [SIM_API_InitializeCriticalSectionAndSpinCount] = true,
    [SIM_API_EnterCriticalSection] = true,
    [SIM_API_TryEnterCriticalSection] = true,
    [SIM_API_LeaveCriticalSection] = true,
    [SIM_API_DeleteCriticalSection] = true,
    [SIM_API_InitializeSRWLock] = true,
    [SIM_API_AcquireSRWLockExclusive] = true,
    [SIM_API_AcquireSRWLockShared] = true,
    [SIM_API_ReleaseSRWLockExclusive] = true,
    [SIM_API_ReleaseSRWLockShared] = true,
    [SIM_API_TryAcquireSRWLockExclusive] = true,
    [SIM_API_TryAcquireSRWLockShared] = true,
    /* Interlocked calls write the variable they are given. */
    [SIM_API_InterlockedIncrement] = true,
    [SIM_API_InterlockedDecrement] = true,
    [SIM_API_InterlockedExchange] = true,
    [SIM_API_InterlockedExchangeAdd] = true,
    [SIM_API_InterlockedCompareExchange] = true,
    [SIM_API_InterlockedAnd] = true,
    [SIM_API_InterlockedOr] = true,
    [SIM_API_InterlockedExchangePointer] = true,
    [SIM_API_InterlockedCompareExchangePointer] = true,
    /* The caller's own state: its last error, its TLS values (which read
     * their index).  Allocating and freeing an index write it and the
     * table of indexes in use: they clear the index in every thread. */
    [SIM_API_GetLastError] = true,
    [SIM_API_SetLastError] = true,
    [SIM_API_TlsGetValue] = true,
    [SIM_API_TlsSetValue] = true,
    [SIM_API_TlsAlloc] = true,
    [SIM_API_TlsFree] = true,
    /* The heap: a block's existence; its bytes are memory. */
    [SIM_API_HeapAlloc] = true,
    [SIM_API_HeapReAlloc] = true,
    [SIM_API_HeapFree] = true,
    [SIM_API_malloc] = true,
    [SIM_API_free] = true,
    /* Goes to the trace only. */
    [SIM_API_OutputDebugStringA] = true,
    /* The loader: the loader lock and the module list; mapping and
     * unmapping an image are global by their own hooks. */
    [SIM_API_LoadLibraryA] = true,
    [SIM_API_LoadLibraryW] = true,
    [SIM_API_FreeLibrary] = true,
    [SIM_API_FreeLibraryAndExitThread] = true,
    [SIM_API_GetProcAddress] = true,
    [SIM_API_GetModuleHandleA] = true,
    [SIM_API_GetModuleHandleW] = true,
    [SIM_API_GetModuleHandleExA] = true,
    [SIM_API_GetModuleHandleExW] = true,
    [SIM_API_GetModuleFileNameA] = true,
    [SIM_API_GetModuleFileNameW] = true,
    [SIM_API_DisableThreadLibraryCalls] = true,
    [SIM_API_DllMain] = true,
    /* Completion ports: the port object (its queue, waiters and count of
     * active threads), the threads a packet wakes, the caller's results. */
    [SIM_API_CreateIoCompletionPort] = true,
    [SIM_API_PostQueuedCompletionStatus] = true,
    [SIM_API_GetQueuedCompletionStatus] = true,
    [SIM_API_GetQueuedCompletionStatusEx] = true,
    /* Not declared, so global: SwitchToThread (its result says whether
     * others were ready), named pipes and waitable timers (their
     * completions reach objects and threads the call never named), and
     * condition variables, InitOnce, WaitOnAddress, the thread pool and
     * its callbacks, and APCs: their keyed waits, pool queues and worker
     * threads are not yet audited for footprints. */
};

/* ---- The relation --------------------------------------------------------------- */

bool sim__dep_conflict(uint64_t a, uint64_t b) {
  /* Rule: two accesses of one resource conflict unless both only read it.
   * (Entries are resource << 1 | written.) */
  return (a >> 1) == (b >> 1) && ((a | b) & 1);
}

static bool lists(const int *ids, int n, int tid) {
  for (int i = 0; i < n; i++)
    if (ids[i] == tid) return true;
  return false;
}

/* Footprint entries are sorted by resource (dpor.c sorts them), so two
 * footprints meet in one merge. */
static bool share_conflicting(const uint64_t *a, int na, const uint64_t *b, int nb) {
  int i = 0, k = 0;
  while (i < na && k < nb) {
    uint64_t ra = a[i] >> 1, rb = b[k] >> 1;
    if (ra < rb) i++;
    else if (rb < ra) k++;
    else {
      if (sim__dep_conflict(a[i], b[k])) return true;
      i++;
      k++;
    }
  }
  return false;
}

bool sim__dep_dependent(const sim_footprint *a, const sim_footprint *b) {
  /* Rule: steps of one thread are ordered by the thread itself. */
  if (a->tid == b->tid) return true;
  /* Rule: the clock's step (a jump of virtual time) happens only when no
   * thread can run, so it is ordered with every step. */
  if (a->tid == 0 || b->tid == 0) return true;
  /* Rule: a global step (an image mapped or unmapped, process exit, a call
   * without a declared footprint) is ordered with every step. */
  if (a->global || b->global) return true;
  /* Rule: a step that makes a thread ready (a wake-up, a new thread, a
   * resumed one) comes before that thread's next step. */
  if (lists(a->woken, a->n_woken, b->tid) || lists(b->woken, b->n_woken, a->tid)) return true;
  /* Rule: a step that takes a ready thread out of the ready set (suspends
   * or terminates it, or ends the process) cannot be swapped with that
   * thread's next step. */
  if (lists(a->disabled, a->n_disabled, b->tid) || lists(b->disabled, b->n_disabled, a->tid))
    return true;
  /* Rule: two steps that touch one resource, one of them writing it, see
   * each other's effect.  Everything they share goes through a resource:
   * the program's memory, heap blocks, kernel objects and handles, the
   * thread table, names, the module list, and the output streams (the
   * order of two writes to stdout is an outcome). */
  return share_conflicting(a->acc, a->n_acc, b->acc, b->n_acc);
}

/* The thread functions of windows.h: CreateThread, ExitThread,
 * TerminateThread, GetExitCodeThread, Suspend/ResumeThread, thread ids and
 * names, Sleep, SwitchToThread, the tick counts and the performance
 * counter (virtual time, read without a scheduling point unless a thread
 * reads it again with no other call between: see sim__clock_read).
 *
 * Models: a created thread is ready at once (or suspended), starts by
 * taking the loader lock for DLL_THREAD_ATTACH (loader/threads.c), and its handle
 * is signalled when it ends.  Thread ids are small numbers equal to the
 * simulator's thread numbers, so traces and program output agree.
 *
 * A thread's stack is the size Windows reserves for dwStackSize.
 *
 * Left out: security attributes, priorities.
 */
#include "api.h"

#include <string.h>


/* The stack Windows reserves for a thread created with dwStackSize and
 * flags (the "Thread Stack Size" documentation): 0 means the executable's
 * default, 1 MiB; with STACK_SIZE_PARAM_IS_A_RESERVATION the size is the
 * reservation, rounded up to the 64 KiB allocation granularity; otherwise
 * it is the initial commit, and the reservation is the default, or the
 * commit rounded up to a whole MiB if that is larger. */
size_t sim__thread_stack_reserve(SIZE_T size, DWORD flags) {
  const size_t granularity = 64 * 1024, mib = (size_t)1 << 20;
  if (size == 0) return SIM_STACK_DEFAULT_SIZE;
  if (flags & STACK_SIZE_PARAM_IS_A_RESERVATION) return (size + granularity - 1) / granularity * granularity;
  if (size <= SIM_STACK_DEFAULT_SIZE) return SIM_STACK_DEFAULT_SIZE;
  return (size + mib - 1) / mib * mib;
}

HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES attributes, SIZE_T stack_size,
                           LPTHREAD_START_ROUTINE start, LPVOID param, DWORD flags,
                           LPDWORD thread_id) {
  SIM_ENTER(CreateThread);
  (void)attributes;
  char where[160];
  if (!start) SIM_FAIL(ERROR_INVALID_PARAMETER, NULL);
  if (self->dllmain_depth)
    sim__warn(self, "creates a thread inside DllMain of %s: it cannot start before DllMain "
             "returns, because it needs the loader lock",
             self->dllmain_module ? self->dllmain_module->dll->name : "?");
  sim_thread *t = sim__thread_create(start, param, (flags & CREATE_SUSPENDED) != 0,
                                    sim__thread_stack_reserve(stack_size, flags), self);
  t->object->created_at = self->ret_addr;
  HANDLE h = sim__handle_open(t->object);
  if (thread_id) {
    sim__fp_memory(thread_id, sizeof *thread_id, true);
    *thread_id = (DWORD)t->id;
  }
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, NULL, "CreateThread(%s%s) -> thread %d, handle %#lx",
              sim__describe_code((void *)start, where, sizeof where),
              (flags & CREATE_SUSPENDED) ? ", CREATE_SUSPENDED" : "", t->id,
              (unsigned long)(uintptr_t)h);
  SIM_RETURN(h);
}

void WINAPI ExitThread(DWORD code) {
  sim_thread *self = sim__enter(SIM_API_ExitThread, __builtin_return_address(0), __builtin_frame_address(0));
  sim__thread_exit(self, code);
}

BOOL WINAPI TerminateThread(HANDLE h, DWORD code) {
  SIM_ENTER(TerminateThread);
  char who[64];
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_THREAD);
  if (!o) SIM_RETURN(FALSE);
  sim_thread *t = o->u.thread.thread;
  if (sim__tracing())
    sim__trace(self, SIM_EV_CALL, "TRUE", "TerminateThread(%s, %lu)",
              sim__thread_label(t, who, sizeof who), code);
  if (t->state == SIM_T_EXITED) SIM_RETURN(TRUE);
  if (t == self) {
    sim__thread_kill(self, code);
    if (sim__current_run->n_live == 0) sim__last_thread_gone(self, code);
    sim__switch_away_forever(self);
  }
  sim__thread_kill(t, code);
  if (sim__current_run->n_live == 0) sim__last_thread_gone(self, code);
  SIM_RETURN(TRUE);
}

BOOL WINAPI GetExitCodeThread(HANDLE h, LPDWORD code) {
  SIM_ENTER(GetExitCodeThread);
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_THREAD);
  if (!o) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, "FALSE (ERROR_INVALID_HANDLE)", "GetExitCodeThread(%#lx)", (unsigned long)(uintptr_t)h);
    SIM_RETURN(FALSE);
  }
  sim_thread *t = o->u.thread.thread;
  if (code) {
    sim__fp_memory(code, sizeof *code, true);
    *code = t->state == SIM_T_EXITED ? t->exit_code : STILL_ACTIVE;
  }
  if (sim__tracing()) {
    char who[64];
    sim__trace(self, SIM_EV_CALL, NULL, "GetExitCodeThread(%s) -> %lu%s",
              sim__thread_label(t, who, sizeof who),
              t->state == SIM_T_EXITED ? t->exit_code : STILL_ACTIVE,
              t->state == SIM_T_EXITED ? "" : " (STILL_ACTIVE)");
  }
  SIM_RETURN(TRUE);
}

/* Suspend/ResumeThread fail with (DWORD)-1 as Windows' 32-bit DWORD has
 * it: DWORD is 64 bits wide here, and a program compares the result with
 * 0xFFFFFFFF or prints it with %lu. */
#define SUSPEND_FAILED ((DWORD)0xFFFFFFFFu)

DWORD WINAPI ResumeThread(HANDLE h) {
  SIM_ENTER(ResumeThread);
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_THREAD);
  if (!o) SIM_RETURN(SUSPEND_FAILED);
  sim_thread *t = o->u.thread.thread;
  LONG previous = t->suspend_count;
  if (t->suspend_count > 0 && --t->suspend_count == 0 && t->state == SIM_T_SUSPENDED)
    sim__make_ready(t);
  if (sim__tracing()) {
    char who[64];
    sim__trace(self, SIM_EV_CALL, NULL, "ResumeThread(%s) -> %ld", sim__thread_label(t, who, sizeof who),
              previous);
  }
  SIM_RETURN((DWORD)previous);
}

DWORD WINAPI SuspendThread(HANDLE h) {
  SIM_ENTER(SuspendThread);
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_THREAD);
  if (!o) SIM_RETURN(SUSPEND_FAILED);
  sim_thread *t = o->u.thread.thread;
  if (t->state == SIM_T_EXITED) SIM_FAIL(ERROR_ACCESS_DENIED, SUSPEND_FAILED);
  LONG previous = t->suspend_count++;
  if (t->state == SIM_T_READY) sim__suspend_ready(t);
  if (sim__tracing()) {
    char who[64];
    sim__trace(self, SIM_EV_CALL, NULL, "SuspendThread(%s) -> %ld", sim__thread_label(t, who, sizeof who),
              previous);
  }
  if (t == self) sim__yield_point(self);
  SIM_RETURN((DWORD)previous);
}

DWORD WINAPI GetCurrentThreadId(void) {
  SIM_LOCAL(GetCurrentThreadId);
  return (DWORD)self->id;
}

HANDLE WINAPI GetCurrentThread(void) { return (HANDLE)(intptr_t)-2; }
HANDLE WINAPI GetCurrentProcess(void) { return (HANDLE)(intptr_t)-1; }
DWORD WINAPI GetCurrentProcessId(void) { return 0x100; }

DWORD WINAPI GetThreadId(HANDLE h) {
  SIM_ENTER(GetThreadId);
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_THREAD);
  SIM_RETURN(o ? (DWORD)o->u.thread.thread->id : 0);
}

HRESULT WINAPI SetThreadDescription(HANDLE h, PCWSTR description) {
  SIM_ENTER(SetThreadDescription);
  sim_object *o = sim__handle_get_type(self, h, SIM_OBJ_THREAD);
  if (!o || !description) SIM_RETURN(E_INVALIDARG);
  sim_thread *t = o->u.thread.thread;
  sim__wide_to_utf8(description, t->name, sizeof t->name);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "SetThreadDescription(thread %d, \"%s\")", t->id, t->name);
  SIM_RETURN(S_OK);
}

/* ---- Sleeping and time ------------------------------------------------------------ */

void WINAPI Sleep(DWORD ms) {
  sim_run *r = sim__current_run;
  if (ms == 0 && r && r->cur) {
    r->cur->yielding = true;
    SIM_POLL();
  }
  SIM_ENTER(Sleep);
  if (ms == 0) {
    if (sim__tracing()) sim__trace(self, SIM_EV_CALL, NULL, "Sleep(0): lets other ready threads go first");
    SIM_POLL_FOUND_NOTHING();
    SIM_RETURN_VOID();
  }
  self->wait.kind = SIM_WAIT_SLEEP;
  self->wait.deadline_ms = ms == INFINITE ? SIM_NO_DEADLINE : r->now_ms + ms;
  sim__block(self);
  if (sim__tracing()) sim__trace(self, SIM_EV_RETURN, NULL, "Sleep(%lu)", ms);
  SIM_RETURN_VOID();
}

BOOL WINAPI SwitchToThread(void) {
  sim_run *r = sim__current_run;
  /* Whether another thread could take the turn is decided here, before the
   * scheduling point that gives it away. */
  BOOL others = r && r->cur && r->n_ready > 1;
  if (r && r->cur) r->cur->yielding = true;
  SIM_POLL();
  SIM_ENTER(SwitchToThread);
  if (sim__tracing()) sim__trace(self, SIM_EV_CALL, others ? "TRUE" : "FALSE (no other thread was ready)", "SwitchToThread()");
  SIM_POLL_FOUND_NOTHING();
  SIM_RETURN(others);
}

/* Reading the clock again and again is polling: see sim__clock_read. */
ULONGLONG WINAPI GetTickCount64(void) {
  sim__clock_read(SIM_API_GetTickCount64, __builtin_return_address(0), __builtin_frame_address(0));
  return sim__current_run->now_ms;
}

void WINAPI GetSystemTimeAsFileTime(LPFILETIME ft) {
  sim__clock_read(SIM_API_GetSystemTimeAsFileTime, __builtin_return_address(0), __builtin_frame_address(0));
  uint64_t now = sim__system_time_100ns();
  ft->dwLowDateTime = (DWORD)(now & 0xFFFFFFFFu);
  ft->dwHighDateTime = (DWORD)(now >> 32);
}

DWORD WINAPI GetTickCount(void) {
  sim__clock_read(SIM_API_GetTickCount, __builtin_return_address(0), __builtin_frame_address(0));
  return (DWORD)(sim__current_run->now_ms & 0xFFFFFFFFu);
}

/* 10 MHz on virtual time, as Windows 10 and later report. */
#define PERFORMANCE_FREQUENCY 10000000LL

/* A clock read like GetTickCount64: a loop waiting for a deadline on it polls. */
BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *count) {
  sim__clock_read(SIM_API_QueryPerformanceCounter, __builtin_return_address(0), __builtin_frame_address(0));
  count->QuadPart = (LONGLONG)sim__current_run->now_ms * (PERFORMANCE_FREQUENCY / 1000);
  return TRUE;
}

BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *frequency) {
  SIM_LOCAL(QueryPerformanceFrequency);
  (void)self;
  frequency->QuadPart = PERFORMANCE_FREQUENCY;
  return TRUE;
}

/* Conformance probe: code written for the Microsoft C runtime and an ANSI
 * build: <tchar.h> (TCHAR, _T, _tprintf, _tcslen, _tcsicmp), the
 * unsuffixed names (CreateEvent, OpenEvent, GetModuleHandle), __stdcall,
 * __cdecl and WINAPIV spellings, _beginthreadex and _endthreadex (the
 * exit code is the routine's 32-bit return value), the performance
 * counter (10 MHz, and it advances by the time slept), and the 64-bit
 * Interlocked family with its wrap-around.
 */
#include <stdio.h>
#include <windows.h>
#include <process.h>
#include <tchar.h>

static volatile LONG64 big = 0x123456789LL;

static unsigned __stdcall returns(void *arg) {
  (void)arg;
  return (unsigned)big;
}

static unsigned __stdcall ends(void *arg) {
  (void)arg;
  _endthreadex(7);
  return 0;
}

static int WINAPIV add(int a, int b) { return a + b; }
static int __cdecl twice(int a) { return 2 * a; }

int _tmain(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  TCHAR name[] = _T("loaderlab-ansi-event");
  HANDLE e = CreateEvent(NULL, TRUE, FALSE, name);
  HANDLE o = OpenEvent(EVENT_ALL_ACCESS, FALSE, TEXT("loaderlab-ansi-event"));
  SetEvent(o);
  _tprintf(_T("main: CreateEvent and OpenEvent by TCHAR name reach one event: %s\n"),
           WaitForSingleObject(e, 0) == WAIT_OBJECT_0 ? _T("yes") : _T("no"));
  _tprintf(_T("main: _tcslen %u, _tcsicmp with the upper-case name %d\n"), (unsigned)_tcslen(name),
           _tcsicmp(name, _T("LOADERLAB-ANSI-EVENT")));
  _tprintf(_T("main: GetModuleHandle(NULL) is %s\n"), GetModuleHandle(NULL) ? _T("the executable") : _T("NULL"));

  unsigned id = 0;
  HANDLE t = (HANDLE)_beginthreadex(NULL, 0, returns, NULL, 0, &id);
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  _tprintf(_T("main: _beginthreadex gave a thread id: %s, exit code %#lx\n"), id ? _T("yes") : _T("no"), code);
  CloseHandle(t);
  t = (HANDLE)_beginthreadex(NULL, 0, ends, NULL, CREATE_SUSPENDED, NULL);
  ResumeThread(t);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  _tprintf(_T("main: _endthreadex(7) gives exit code %lu\n"), code);
  CloseHandle(t);
  _tprintf(_T("main: WINAPIV and __cdecl functions: %d %d\n"), add(2, 3), twice(4));

  LARGE_INTEGER f, a, b;
  QueryPerformanceFrequency(&f);
  QueryPerformanceCounter(&a);
  Sleep(25);
  QueryPerformanceCounter(&b);
  _tprintf(_T("main: performance counter at %lld Hz, at least 25 ms passed in Sleep(25): %s\n"), f.QuadPart,
           b.QuadPart - a.QuadPart >= f.QuadPart / 40 ? _T("yes") : _T("no"));

  LONG64 v = 0x7fffffffffffffffLL;
  LONG64 r = InterlockedIncrement64(&v);
  _tprintf(_T("main: InterlockedIncrement64 of the largest LONG64: %lld\n"), r);
  v = 5;
  r = InterlockedExchangeAdd64(&v, 10);
  _tprintf(_T("main: InterlockedExchangeAdd64(5, 10) returns %lld, leaves %lld\n"), r, v);
  r = InterlockedCompareExchange64(&v, 1, 15);
  _tprintf(_T("main: InterlockedCompareExchange64(15, 1, 15) returns %lld, leaves %lld\n"), r, v);
  v = 0xF0;
  InterlockedAnd64(&v, 0x3C);
  InterlockedOr64(&v, 0x100000000LL);
  InterlockedXor64(&v, 0x1);
  r = InterlockedExchange64(&v, 3);
  LONG64 d = InterlockedDecrement64(&v);
  _tprintf(_T("main: And64, Or64, Xor64 give %#llx, Exchange64 returns it, Decrement64 gives %lld\n"),
           (unsigned long long)r, d);
  CloseHandle(o);
  CloseHandle(e);
  return 0;
}

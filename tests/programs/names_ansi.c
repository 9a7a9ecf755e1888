/* An ANSI build written the Microsoft way: <tchar.h>, TCHAR and _T, the
 * unsuffixed names, __stdcall and WINAPIV spellings, and the C runtime's
 * _beginthreadex/_endthreadex. */
#include <windows.h>
#include <process.h>
#include <tchar.h>

static volatile LONG64 g_big = 0x123456789LL;

static unsigned __stdcall returns(void *arg) {
  (void)arg;
  /* Only the low 32 bits of a 64-bit value: the exit code is exactly that. */
  return (unsigned)g_big;
}

static unsigned __stdcall ends(void *arg) {
  (void)arg;
  _endthreadex(7);
}

static int WINAPIV add(int a, int b) { return a + b; }
static int __cdecl twice(int a) { return 2 * a; }

int _tmain(void) {
  TCHAR name[] = _T("ansi-event");
  HANDLE e = CreateEvent(NULL, TRUE, FALSE, name);
  HANDLE o = OpenEvent(EVENT_ALL_ACCESS, FALSE, TEXT("ansi-event"));
  SetEvent(o);
  _tprintf(_T("CreateEvent and OpenEvent by TCHAR name: the same event: %s\n"),
           WaitForSingleObject(e, 0) == WAIT_OBJECT_0 ? _T("yes") : _T("no"));
  _tprintf(_T("_tcslen(_T(\"ansi-event\")) = %u, _tcsicmp = %d\n"), (unsigned)_tcslen(name),
           _tcsicmp(name, _T("ANSI-EVENT")));
  HMODULE self = GetModuleHandle(NULL);
  _tprintf(_T("GetModuleHandle(NULL): %s\n"), self ? _T("the executable") : _T("NULL"));

  unsigned id = 0;
  HANDLE t = (HANDLE)_beginthreadex(NULL, 0, returns, NULL, 0, &id);
  WaitForSingleObject(t, INFINITE);
  DWORD code = 0;
  GetExitCodeThread(t, &code);
  _tprintf(_T("_beginthreadex: thread id given: %s, exit code %#lx\n"), id ? _T("yes") : _T("no"), code);
  CloseHandle(t);
  t = (HANDLE)_beginthreadex(NULL, 0, ends, NULL, CREATE_SUSPENDED, NULL);
  ResumeThread(t);
  WaitForSingleObject(t, INFINITE);
  GetExitCodeThread(t, &code);
  _tprintf(_T("_endthreadex(7): exit code %lu\n"), code);
  CloseHandle(t);
  _tprintf(_T("WINAPIV and __cdecl functions: %d %d\n"), add(2, 3), twice(4));
  CloseHandle(o);
  CloseHandle(e);
  return 0;
}

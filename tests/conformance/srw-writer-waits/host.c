/* Conformance probe: a writer waiting for an SRW lock keeps new readers
 * out.
 *
 * Main holds the lock shared; a writer starts and waits to take it
 * exclusively.  From then on TryAcquireSRWLockShared fails, even for main,
 * which already holds the lock shared (so an AcquireSRWLockShared there
 * would wait for the writer, which waits for main: the deadlock Microsoft's
 * documentation of AcquireSRWLockShared warns of).  Main cannot see when
 * the writer starts waiting, so it tries every 10 ms until the try fails,
 * for 5 s at most.  When main releases its shared hold, the writer gets the
 * lock.  Microsoft does not document an order between readers and writers
 * ("neither fair nor FIFO"); Windows and Wine (dlls/ntdll/sync.c, which
 * counts exclusive waiters and refuses shared acquisitions while there are
 * any) both behave as printed. */
#include <stdio.h>

#include "probe.h"

static SRWLOCK g_lock = SRWLOCK_INIT;

static DWORD WINAPI writer(LPVOID arg) {
  (void)arg;
  printf("writer: waits for the lock exclusively\n");
  AcquireSRWLockExclusive(&g_lock);
  printf("writer: has the lock\n");
  ReleaseSRWLockExclusive(&g_lock);
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0);
  probe_name_thread(GetCurrentThreadId(), "main");

  AcquireSRWLockShared(&g_lock);
  printf("main: holds the lock shared\n");
  HANDLE w = probe_start_thread("writer", writer, NULL);
  BOOLEAN got = TRUE;
  for (int tries = 0; tries < 500 && got; tries++) {
    got = TryAcquireSRWLockShared(&g_lock);
    if (got) {
      ReleaseSRWLockShared(&g_lock);
      Sleep(10);
    }
  }
  printf("main: TryAcquireSRWLockShared while the writer waits: %s\n", got ? "TRUE" : "FALSE");
  printf("main: releases its shared hold\n");
  ReleaseSRWLockShared(&g_lock);
  WaitForSingleObject(w, INFINITE);
  CloseHandle(w);
  printf("main: the writer is done\n");
  return 0;
}

/* The performance counter on virtual time, and the 64-bit Interlocked
 * family, with wrap-around. */
#include <windows.h>
#include <stdio.h>

static LONG64 volatile g_count;

static DWORD WINAPI add(LPVOID arg) {
  (void)arg;
  for (int i = 0; i < 2; i++) InterlockedIncrement64(&g_count);
  return 0;
}

int main(void) {
  LARGE_INTEGER f, a, b;
  QueryPerformanceFrequency(&f);
  QueryPerformanceCounter(&a);
  Sleep(25);
  QueryPerformanceCounter(&b);
  printf("frequency %lld, 25 ms of Sleep: %lld ticks\n", f.QuadPart, b.QuadPart - a.QuadPart);

  LONG64 v = 0x7fffffffffffffffLL;
  LONG64 r = InterlockedIncrement64(&v);
  printf("InterlockedIncrement64 of the largest LONG64: %lld\n", r);
  v = 5;
  r = InterlockedExchangeAdd64(&v, 10);
  printf("InterlockedExchangeAdd64(5, 10) returns %lld, leaves %lld\n", r, v);
  r = InterlockedCompareExchange64(&v, 1, 15);
  printf("InterlockedCompareExchange64(15, 1, 15) returns %lld, leaves %lld\n", r, v);
  r = InterlockedCompareExchange64(&v, 9, 15);
  printf("InterlockedCompareExchange64(1, 9, 15) returns %lld, leaves %lld\n", r, v);
  v = 0xF0;
  InterlockedAnd64(&v, 0x3C);
  InterlockedOr64(&v, 0x100000000LL);
  InterlockedXor64(&v, 0x1);
  printf("And64 0x3C, Or64 1<<32, Xor64 1: %#llx\n", (unsigned long long)v);
  r = InterlockedExchange64(&v, 3);
  LONG64 d = InterlockedDecrement64(&v);
  printf("Exchange64 returns %#llx, Decrement64 gives %lld\n", (unsigned long long)r, d);
  LONG l = 6;
  InterlockedXor(&l, 3);
  printf("InterlockedXor(6, 3): %ld\n", l);

  HANDLE t[2];
  for (int i = 0; i < 2; i++) t[i] = CreateThread(NULL, 0, add, NULL, 0, NULL);
  WaitForMultipleObjects(2, t, TRUE, INFINITE);
  printf("two threads, two InterlockedIncrement64 each: %lld\n", g_count);
  CloseHandle(t[0]);
  CloseHandle(t[1]);
  return 0;
}

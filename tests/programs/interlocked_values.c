/* What each Interlocked function returns and leaves behind, as documented:
 * Increment and Decrement return the new value, the others the old one;
 * CompareExchange swaps only when the comparand matches. */
#include <windows.h>
#include <stdio.h>

int main(void) {
  LONG x = 5, r;
  r = InterlockedIncrement(&x);
  printf("Increment: %ld, x %ld\n", r, x);
  r = InterlockedDecrement(&x);
  printf("Decrement: %ld, x %ld\n", r, x);
  r = InterlockedExchange(&x, 10);
  printf("Exchange 10: %ld, x %ld\n", r, x);
  r = InterlockedExchangeAdd(&x, 3);
  printf("ExchangeAdd 3: %ld, x %ld\n", r, x);
  r = InterlockedCompareExchange(&x, 20, 99);
  printf("CompareExchange 20 if 99: %ld, x %ld\n", r, x);
  r = InterlockedCompareExchange(&x, 20, 13);
  printf("CompareExchange 20 if 13: %ld, x %ld\n", r, x);
  r = InterlockedAnd(&x, 6);
  printf("And 6: %ld, x %ld\n", r, x);
  r = InterlockedOr(&x, 1);
  printf("Or 1: %ld, x %ld\n", r, x);
  int a = 1, b = 2;
  PVOID p = &a;
  PVOID old = InterlockedExchangePointer(&p, &b);
  printf("ExchangePointer: old is a %d, now b %d\n", old == &a, p == &b);
  old = InterlockedCompareExchangePointer(&p, &a, &a);
  printf("CompareExchangePointer a if a: old is b %d, still b %d\n", old == &b, p == &b);
  old = InterlockedCompareExchangePointer(&p, &a, &b);
  printf("CompareExchangePointer a if b: old is b %d, now a %d\n", old == &b, p == &a);
  return 0;
}

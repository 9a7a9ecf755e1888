/* State cache: the runs differ only in which TLS indexes are in use. */
#include "cache_race.h"

static DWORD taken = TLS_OUT_OF_INDEXES;
static void before(void) {}
static void winner(LONG me) {
  if (me == 1) {
    taken = TlsAlloc();
    taken = TLS_OUT_OF_INDEXES; /* forgotten: only the table remembers */
  }
}
static void loser(LONG me) { (void)me; }
static void after(void) { printf("index %lu\n", (unsigned long)TlsAlloc()); }

#define ATOMIC
#include "signal_wait_race.c"

#define LOCKED
#include "cv_missed_wake.c"

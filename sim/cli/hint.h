/* `loaderlab hint EXERCISE [N]` (see hint.c). */
#ifndef SIM_HINT_H
#define SIM_HINT_H

#include <stdbool.h>
#include <stdio.h>

/* Runs the command with the arguments after "hint" (argc of them), looking
 * for exercises in exercises_root.  Prints the hint on out and errors on
 * err; returns the exit status: 0, or 2 for bad input. */
int loaderlab_hint(const char *exercises_root, int argc, char **argv, FILE *out, FILE *err);

#endif

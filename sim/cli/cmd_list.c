/* loaderlab list: the scenarios loaderlab knows by name.  A scenario whose
 * manifest cannot be read is listed with its error: hiding it would leave
 * the student wondering where it went. */
#include <stdio.h>

#include "cli.h"

static void print_scenario(const char *name, const char *description, const char *error, void *ctx) {
  int *broken = ctx;
  if (error) {
    printf("%-32s BROKEN: %s\n", name, error);
    (*broken)++;
  } else {
    printf("%-32s %s\n", name, description);
  }
}

int cli_list(cli *c) {
  (void)c;
  int broken = 0;
  sim_scenarios_list_all(print_scenario, &broken);
  if (broken)
    fprintf(stderr, "loaderlab: %d scenario%s cannot be read (BROKEN above): fix %s scenario.txt\n",
            broken, broken == 1 ? "" : "s", broken == 1 ? "its" : "their");
  return broken ? EXIT_USAGE : EXIT_OK;
}

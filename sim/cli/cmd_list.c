/* loaderlab list: the scenarios loaderlab knows by name. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void print_scenario(const char *name, const char *description, void *ctx) {
  (void)ctx;
  printf("%-32s %s\n", name, description);
}

int cli_list(cli *c) {
  (void)c;
  sim_scenarios_list(print_scenario, NULL);
  return EXIT_OK;
}

/* Names of the simulated calls, for traces and schedule messages. */
#include "kernel.h"

#include <stddef.h>

static const char *const names[SIM_API_COUNT] = {
#define SIM_API_NAME(num, name, kind) [num] = #name,
    SIM_API_LIST(SIM_API_NAME)
#undef SIM_API_NAME
};

const char *sim_api_name(int api) {
  if (api < 0 || api >= SIM_API_COUNT || !names[api]) return "?";
  return names[api];
}

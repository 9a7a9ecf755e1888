/* The loader model's interface to the simulated loader functions
 * (api_loader.c) and to the rest of the simulator.  See loader.c. */
#ifndef SIM_LOADER_H
#define SIM_LOADER_H

#include "sim.h"

HMODULE sim_host_handle(void);
sim_module *sim_module_from_handle(HMODULE h);
sim_module *sim_module_by_name(const char *name);
/* Loader lock held: load (or count another reference to) a module. */
bool sim_module_load(sim_thread *t, sim_module *m);
/* Loader lock held: drop a reference, unloading at zero. */
void sim_module_release(sim_thread *t, sim_module *m);

#endif

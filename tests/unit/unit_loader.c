/* Unit tests of the loader layer: looking symbols up in an image (what
 * GetProcAddress sees, what a trace names an address by), telling code from
 * data, and the images refused before they are loaded. */
#include <string.h>

#include "harness.h"
#include "loader.h"

static sim_program *program;
static sim_image *image;

static void build(void) {
  program = th_build("cli_ok.c", "symbols.dll=symbols_dll.c", NULL);
  image = program->dlls[0].image;
}

static void free_program(void) { sim_program_free(program); }

TestSuite(image_symbols, .init = build, .fini = free_program);

Test(image_symbols, getprocaddress_sees_exported_names_only) {
  cr_expect_not_null(sim__image_lookup(image, "exported_function", true));
  cr_expect_not_null(sim__image_lookup(image, "exported_value", true), "exported data too");
  cr_expect_null(sim__image_lookup(image, "hidden_function", true));
  cr_expect_null(sim__image_lookup(image, "helper", true));
  cr_expect_null(sim__image_lookup(image, "no_such_name", false));
  /* The simulator itself sees every defined name. */
  cr_expect_not_null(sim__image_lookup(image, "hidden_function", false));
  cr_expect_not_null(sim__image_lookup(image, "helper", false));
  cr_expect_not_null(sim__image_lookup(image, "counter", false));
}

Test(image_symbols, an_address_is_named_by_the_symbol_containing_it) {
  uintptr_t fn = (uintptr_t)sim__image_lookup(image, "exported_function", false);
  const sim_symbol *s = sim__image_symbol_at(image, fn + 5);
  cr_assert_not_null(s);
  cr_expect_str_eq(s->name, "exported_function");
  cr_expect(s->func && s->exported);
  uintptr_t table = (uintptr_t)sim__image_lookup(image, "shared_table", false);
  s = sim__image_symbol_at(image, table + 40 * sizeof(int));
  cr_assert_not_null(s);
  cr_expect_str_eq(s->name, "shared_table");
  cr_expect(!s->func && !s->exported, "hidden data");
  s = sim__image_symbol_at(image, table + 100 * sizeof(int));
  cr_expect(!s || strcmp(s->name, "shared_table") != 0, "one past the end is not the table");
  cr_expect_null(sim__image_symbol_at(image, image->syms[0].addr - 1), "below every symbol: none");
}

Test(image_symbols, code_and_data_are_told_apart) {
  uintptr_t fn = (uintptr_t)sim__image_lookup(image, "helper", false);
  uintptr_t table = (uintptr_t)sim__image_lookup(image, "shared_table", false);
  cr_expect(sim__image_is_code(image, fn));
  cr_expect(sim__image_contains(image, fn) && sim__image_contains(image, table));
  cr_expect_not(sim__image_is_code(image, table));
  bool in_data = false;
  for (int i = 0; i < image->n_segs; i++)
    if (image->segs[i].data && table >= image->segs[i].start && table < image->segs[i].end) in_data = true;
  cr_expect(in_data, "the table is static data, restored at every load");
  cr_expect_not(sim__image_contains(image, image->hi));
}

Test(image_symbols, symbols_are_sorted_by_address) {
  cr_assert_gt(image->n_syms, 5);
  for (int i = 1; i < image->n_syms; i++)
    cr_expect_geq(image->syms[i].addr, image->syms[i - 1].addr, "at %d", i);
}

/* ---- Images refused before they are loaded -------------------------------------- */

static void expect_refused(const char *dll_file, const char *why) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  char host[4096], dll[4096];
  snprintf(host, sizeof host, "%s/programs/cli_ok.c", TESTS_DIR);
  snprintf(dll, sizeof dll, "odd.dll=%s/programs/%s", TESTS_DIR, dll_file);
  cr_assert(sim_spec_set_host(&spec, host, &err));
  cr_assert(sim_spec_add_dll(&spec, dll, &err));
  sim_program *p = sim_program_build(&spec, &err);
  cr_expect_null(p);
  cr_expect(strstr(strbuf_str(&err), why), "%s", strbuf_str(&err));
  sim_program_free(p);
  sim_spec_free(&spec);
  strbuf_free(&err);
}

Test(image_refusals, an_image_defining_a_wrap_function_is_refused) {
  expect_refused("symbols_wrap_dll.c", "odd.dll defines __wrap_malloc itself, so its calls to malloc "
                                       "would not reach the simulator");
}

Test(image_refusals, an_image_with_a_destructor_is_refused) {
  expect_refused("symbols_destructor_dll.c", "odd.dll has a destructor, tear_down_late");
}

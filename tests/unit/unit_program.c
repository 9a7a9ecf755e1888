/* Unit tests of the program layer: the scenario manifest parser (every
 * keyword, and every error naming the file, the line and what to write),
 * and builds with more include folders and link objects than the
 * manifest allows (sim__build itself has no such limit). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "program.h"

static char dir[256];

static void write_file(const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  cr_assert(f, "%s: %s", path, strerror(errno));
  fputs(text, f);
  fclose(f);
}

static void set_up(void) {
  snprintf(dir, sizeof dir, "/tmp/loaderlab-program-test-XXXXXX");
  cr_assert(mkdtemp(dir));
}

static void tear_down(void) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_expect_eq(system(cmd), 0);
}

TestSuite(manifest, .init = set_up, .fini = tear_down);

/* Loads a manifest with this text; returns whether it parsed. */
static bool load(const char *text, sim_program_spec *spec, struct strbuf *err) {
  write_file("scenario.txt", text);
  return sim_scenario_load(dir, spec, err);
}

static void expect_error(const char *text, const char *message) {
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_expect_not(load(text, &spec, &err), "accepted:\n%s", text);
  cr_expect(strstr(strbuf_str(&err), message), "%s\nfor:\n%s", strbuf_str(&err), text);
  cr_expect(strstr(strbuf_str(&err), "scenario.txt"), "names the file: %s", strbuf_str(&err));
  strbuf_free(&err);
}

Test(manifest, every_keyword_is_read) {
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_assert(load("# A scenario with everything in it.\n"
                 "description  Two DLLs,\tone imports the other  # and a comment\n"
                 "\n"
                 "host host.c more.c\n"
                 "dll util.dll util.c\n"
                 "dll driver.dll driver.c /abs/rt.c\n"
                 "import driver.dll util.dll\n"
                 "host-import util.dll\n"
                 "include ../runtime inc\n"
                 "student driver.dll\n"
                 "steps-max 250000\n"
                 "expect ok\n"
                 "fixed driver_fixed.c\n",
                 &spec, &err),
            "%s", strbuf_str(&err));
  char path[600];
  cr_expect_str_eq(spec.description, "Two DLLs, one imports the other");
  cr_assert_eq(spec.n_host_sources, 2);
  snprintf(path, sizeof path, "%s/more.c", dir);
  cr_expect_str_eq(spec.host_sources[1], path, "relative to the scenario folder");
  cr_assert_eq(spec.n_dlls, 2);
  cr_expect_str_eq(spec.dlls[1].name, "driver.dll");
  cr_expect_str_eq(spec.dlls[1].sources[1], "/abs/rt.c", "absolute paths are kept");
  cr_assert_eq(spec.dlls[1].n_imports, 1);
  cr_expect_str_eq(spec.dlls[1].imports[0], "util.dll");
  cr_assert_eq(spec.n_host_imports, 1);
  cr_assert_eq(spec.n_include_dirs, 2);
  snprintf(path, sizeof path, "%s/../runtime", dir);
  cr_expect_str_eq(spec.include_dirs[0], path);
  cr_expect_str_eq(spec.student_dll, "driver.dll");
  cr_expect_eq(spec.steps_max, 250000);
  cr_expect_str_eq(spec.dir, dir);
  sim_spec_free(&spec);
  strbuf_free(&err);
}

Test(manifest, mistakes_are_named_with_their_line_and_the_fix) {
  expect_error("host h.c\nfrobnicate 3\n", "scenario.txt:2: unknown keyword \"frobnicate\"");
  expect_error("host\n", "scenario.txt:1: write: host FILE.c");
  expect_error("host h.c\ndll driver d.c\n", ":2: \"driver\" is not a DLL name (write NAME.dll)");
  expect_error("host h.c\ndll a/b.dll d.c\n", "is not a DLL name");
  expect_error("host h.c\ndll a.dll\n", ":2: write: dll NAME.dll FILE.c");
  expect_error("host h.c\ndll a.dll a.c\ndll A.DLL b.c\n", ":3: A.DLL is declared twice");
  expect_error("host h.c\nimport a.dll b.dll\ndll a.dll a.c\n",
               ":2: import: a.dll is not declared by a dll line above");
  expect_error("host h.c\ndll a.dll a.c\nimport a.dll b.dll\n",
               ":3: import: b.dll is not declared by a dll line above");
  expect_error("host h.c\nimport a.dll\n", ":2: write: import NAME.dll IMPORTED.dll");
  expect_error("host h.c\nhost-import z.dll\n", ":2: host-import: z.dll is not declared");
  expect_error("host h.c\nstudent z.dll\n", ":2: write: student NAME.dll (a DLL declared above)");
  expect_error("host h.c\nsteps-max 0\n", ":2: write: steps-max N (a positive number)");
  expect_error("host h.c\nsteps-max 12x\n", ":2: write: steps-max N");
  expect_error("host h.c\nsteps-max 1 2\n", ":2: write: steps-max N");
  expect_error("dll a.dll a.c\n", "no host line (write: host FILE.c)");
  expect_error("# nothing at all\n", "no host line");
}

Test(manifest, a_missing_scenario_says_where_it_looked) {
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_expect_not(sim_scenario_load("no-such-exercise/no-such-scenario", &spec, &err));
  cr_expect(strstr(strbuf_str(&err), "no scenario \"no-such-exercise/no-such-scenario\""), "%s",
            strbuf_str(&err));
  cr_expect(strstr(strbuf_str(&err), "exercises/no-such-exercise/scenarios/no-such-scenario"), "%s",
            strbuf_str(&err));
  cr_expect(strstr(strbuf_str(&err), "`loaderlab list`"), "%s", strbuf_str(&err));
  strbuf_free(&err);
}

Test(manifest, the_built_in_sample_is_found_by_name) {
  sim_program_spec spec;
  struct strbuf err = {0};
  cr_assert(sim_scenario_load(sim_default_scenario, &spec, &err), "%s", strbuf_str(&err));
  cr_expect_eq(spec.n_dlls, 1);
  cr_expect_str_eq(spec.name, "sample/driver-unload");
  sim_spec_free(&spec);
  strbuf_free(&err);
}

Test(manifest, command_line_dlls_are_checked) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  cr_expect_not(sim_spec_add_dll(&spec, "driver.c", &err));
  cr_expect(strstr(strbuf_str(&err), "write --dll NAME.dll=FILE.c"), "%s", strbuf_str(&err));
  strbuf_reset(&err);
  cr_expect_not(sim_spec_add_dll(&spec, "driver=x.c", &err));
  cr_expect(strstr(strbuf_str(&err), "\"driver\" is not a DLL name"), "%s", strbuf_str(&err));
  strbuf_reset(&err);
  cr_expect_not(sim_spec_add_dll(&spec, "driver.dll=/no/such/file.c", &err));
  cr_expect(strstr(strbuf_str(&err), "cannot read it"), "%s", strbuf_str(&err));
  strbuf_reset(&err);
  sim_program_spec two;
  cr_assert(load("host h.c\ndll a.dll a.c\ndll b.dll b.c\n", &two, &err), "%s", strbuf_str(&err));
  cr_expect_not(sim_spec_replace_student(&two, "/etc/hostname", &err));
  cr_expect(strstr(strbuf_str(&err), "has several DLLs and names no student DLL"), "%s",
            strbuf_str(&err));
  sim_spec_free(&two);
  sim_spec_free(&spec);
  strbuf_free(&err);
}

/* ---- Builds over the manifest's limits ---------------------------------------------- */

TestSuite(build, .init = set_up, .fini = tear_down, .timeout = 300);

Test(build, a_header_in_the_tenth_include_folder_is_found) {
  char folders[10][300];
  const char *incs[10];
  for (int i = 0; i < 10; i++) {
    snprintf(folders[i], sizeof folders[i], "%s/inc%d", dir, i);
    cr_assert(mkdir(folders[i], 0755) == 0);
    incs[i] = folders[i];
  }
  write_file("inc9/tenth.h", "#define FROM_THE_TENTH 10\n");
  write_file("host.c", "#include \"tenth.h\"\nint main(void) { return FROM_THE_TENTH; }\n");
  char host[300];
  snprintf(host, sizeof host, "%s/host.c", dir);
  const char *sources[] = {host};
  sim_build_spec b = {sources, 1, incs, 10, "the host program", NULL, 0};
  struct strbuf err = {0};
  char *so = sim__build(&b, &err);
  cr_expect_not_null(so, "%s", strbuf_str(&err));
  free(so);
  strbuf_free(&err);
}

Test(build, a_host_links_against_ten_dlls) {
  const char *links[10];
  char *objects[10];
  struct strbuf err = {0}, host_text = {0};
  for (int i = 0; i < 10; i++) {
    char name[64], text[200], file[400];
    snprintf(name, sizeof name, "d%d.c", i);
    snprintf(text, sizeof text, "__attribute__((visibility(\"default\"))) int value_%d(void) { return %d; }\n", i, i);
    write_file(name, text);
    snprintf(file, sizeof file, "%s/%s", dir, name);
    const char *sources[] = {file};
    char what[32];
    snprintf(what, sizeof what, "d%d.dll", i);
    sim_build_spec b = {sources, 1, NULL, 0, what, NULL, 0};
    objects[i] = sim__build(&b, &err);
    cr_assert_not_null(objects[i], "%s", strbuf_str(&err));
    links[i] = objects[i];
    strbuf_printf(&host_text, "int value_%d(void);\n", i);
  }
  strbuf_puts(&host_text, "int main(void) { return value_9(); }\n");
  write_file("host.c", strbuf_str(&host_text));
  char host[300];
  snprintf(host, sizeof host, "%s/host.c", dir);
  const char *sources[] = {host};
  sim_build_spec b = {sources, 1, NULL, 0, "the host program", links, 10};
  char *so = sim__build(&b, &err);
  cr_expect_not_null(so, "the tenth link object is linked: %s", strbuf_str(&err));
  free(so);
  for (int i = 0; i < 10; i++) free(objects[i]);
  strbuf_free(&host_text);
  strbuf_free(&err);
}

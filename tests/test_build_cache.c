/* Specification of the build cache (sim/program/build.c): a program is
 * compiled again whenever anything that changes its object changed (a
 * source, any header it includes from any folder, the compiler), and only
 * then; an object built from new contents can be loaded beside the old
 * one in the same process. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"

static char dir[256];

static void make_dir(const char *sub) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, sub);
  cr_assert(mkdir(path, 0755) == 0, "mkdir %s: %s", path, strerror(errno));
}

static void write_file(const char *name, const char *text) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  cr_assert(f, "%s: %s", path, strerror(errno));
  fputs(text, f);
  fclose(f);
}

/* A fresh folder with its own build cache (Criterion runs each test in a
 * process of its own, so the setting is this test's). */
static void set_up(void) {
  snprintf(dir, sizeof dir, "/tmp/loaderlab-cache-test-XXXXXX");
  cr_assert(mkdtemp(dir));
  make_dir("cache");
  char cache[512];
  snprintf(cache, sizeof cache, "%s/cache", dir);
  setenv("LOADERLAB_CACHE_DIR", cache, 1);
}

static void tear_down(void) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_expect_eq(system(cmd), 0);
}

/* Builds the host at src/host.c and returns what one run prints. */
static char *build_and_run(void) {
  sim_program_spec spec;
  memset(&spec, 0, sizeof spec);
  struct strbuf err = {0};
  char host[512];
  snprintf(host, sizeof host, "%s/src/host.c", dir);
  cr_assert(sim_spec_set_host(&spec, host, &err), "%s", strbuf_str(&err));
  sim_program *p = sim_program_build(&spec, &err);
  cr_assert(p, "%s", strbuf_str(&err));
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  char *out = strdup(th_stdout(&r));
  sim_result_free(&r);
  sim_program_free(p);
  sim_spec_free(&spec);
  strbuf_free(&err);
  return out;
}

static int count_files(const char *sub, const char *suffix) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "ls '%s/%s' | grep -c '%s$'", dir, sub, suffix);
  FILE *f = popen(cmd, "r");
  int n = -1;
  cr_assert(f && fscanf(f, "%d", &n) == 1);
  pclose(f);
  return n;
}

TestSuite(build_cache, .init = set_up, .fini = tear_down, .timeout = 300);

Test(build_cache, an_edited_header_in_a_folder_of_its_own_is_seen) {
  make_dir("src");
  make_dir("elsewhere");
  write_file("src/host.c", "#include \"../elsewhere/config.h\"\n#include <stdio.h>\n"
                           "int main(void) { printf(\"%d\\n\", VALUE); return 0; }\n");
  write_file("elsewhere/config.h", "#define VALUE 1\n");
  char *out = build_and_run();
  cr_expect_str_eq(out, "1\n");
  free(out);
  /* The same length and the same modification time: only the contents
   * tell the two apart. */
  char header[512];
  snprintf(header, sizeof header, "%s/elsewhere/config.h", dir);
  struct stat st;
  cr_assert(stat(header, &st) == 0);
  write_file("elsewhere/config.h", "#define VALUE 2\n");
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  cr_assert(utimensat(AT_FDCWD, header, times, 0) == 0);
  out = build_and_run();
  cr_expect_str_eq(out, "2\n", "the object was built again from the new header");
  free(out);
  cr_expect_eq(count_files("cache", ".so"), 2, "one object per version of the header");
}

Test(build_cache, an_edited_source_is_loaded_beside_the_old_object_in_one_process) {
  make_dir("src");
  write_file("src/host.c", "#include <stdio.h>\nint main(void) { puts(\"first\"); return 0; }\n");
  char *out = build_and_run();
  cr_expect_str_eq(out, "first\n");
  free(out);
  write_file("src/host.c", "#include <stdio.h>\nint main(void) { puts(\"second\"); return 0; }\n");
  out = build_and_run();
  cr_expect_str_eq(out, "second\n");
  free(out);
}

Test(build_cache, an_unchanged_program_is_not_compiled_again_and_a_new_compiler_is_a_rebuild) {
  make_dir("src");
  write_file("src/host.c", "int main(void) { return 0; }\n");
  char script[1024], log[512], cc[512];
  snprintf(log, sizeof log, "%s/compiles.log", dir);
  snprintf(cc, sizeof cc, "%s/fakecc", dir);
  const char *real_cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
  for (int version = 1; version <= 2; version++) {
    /* A compiler that says which version it is and logs each compile. */
    snprintf(script, sizeof script,
             "#!/bin/sh\n"
             "case \"$1\" in\n"
             "  --version) echo 'fakecc %d.0'; exit 0 ;;\n"
             "  -dumpmachine) exec %s \"$@\" ;;\n"
             "esac\n"
             "echo compile >> '%s'\n"
             "exec %s \"$@\"\n",
             version, real_cc, log, real_cc);
    write_file("fakecc", script);
    cr_assert(chmod(cc, 0755) == 0);
    setenv("CC", cc, 1);
    for (int build = 0; build < 2; build++) free(build_and_run());
    char cmd[600];
    snprintf(cmd, sizeof cmd, "wc -l < '%s'", log);
    FILE *f = popen(cmd, "r");
    int compiles = -1;
    cr_assert(f && fscanf(f, "%d", &compiles) == 1);
    pclose(f);
    cr_expect_eq(compiles, version, "compiler version %d: %d compiles (built once per version)",
                 version, compiles);
  }
  cr_expect_eq(count_files("cache", ".so"), 2);
}

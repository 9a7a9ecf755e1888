/* The Gradescope autograder zip (`loaderlab autograder`), as far as this
 * machine allows: the archive is read back and checked against
 * Gradescope's "Autograder Specifications" (setup.sh and run_autograder at
 * the root, run_autograder executable), the kit inside it is built with
 * its own build step, and its run_autograder grades submission folders
 * laid out as Gradescope lays them out (/autograder/submission holding the
 * student's upload), writing /autograder/results/results.json.  Only
 * setup.sh's package installation is not run (it needs root, apt and the
 * network of Gradescope's image). */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grade_helpers.h"

#define EXERCISE GRADE_TESTS_DIR "/00-driver-unload"

static uint32_t rd32(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static unsigned rd16(const unsigned char *p) { return p[0] | p[1] << 8; }

static uint32_t crc32_of(const unsigned char *p, size_t n) {
  uint32_t c = 0xFFFFFFFFu;
  for (size_t i = 0; i < n; i++) {
    c ^= p[i];
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}

static void make_parents(char *path) {
  for (char *p = path + 1; *p; p++)
    if (*p == '/') {
      *p = '\0';
      mkdir(path, strstr(path, "/source/hidden") ? 0700 : 0755);
      *p = '/';
    }
}

typedef struct zip_facts {
  int entries;
  bool setup, run, build, solutions, other_exercise, hidden_private, hidden_in_tree;
  unsigned run_mode;
} zip_facts;

/* Reads the archive (end record, central directory, local headers), checks
 * every CRC, and extracts it under dest (hidden/ stays its owner's, as
 * setup.sh leaves it). */
static zip_facts read_zip(const char *zip, const char *dest) {
  size_t len;
  unsigned char *z = (unsigned char *)slurp(zip, &len);
  zip_facts f = {0};
  cr_assert(len > 22);
  const unsigned char *end = z + len - 22;
  cr_assert_eq(rd32(end), 0x06054b50u, "no end of central directory record where a comment-less zip has it");
  f.entries = (int)rd16(end + 10);
  const unsigned char *c = z + rd32(end + 16);
  for (int i = 0; i < f.entries; i++, c += 46 + rd16(c + 28) + rd16(c + 30) + rd16(c + 32)) {
    cr_assert_eq(rd32(c), 0x02014b50u, "bad central directory entry %d", i);
    char name[1024];
    unsigned nlen = rd16(c + 28);
    cr_assert(nlen < sizeof name);
    memcpy(name, c + 46, nlen);
    name[nlen] = '\0';
    unsigned mode = rd32(c + 38) >> 16;
    const unsigned char *local = z + rd32(c + 42);
    cr_assert_eq(rd32(local), 0x04034b50u, "%s: bad local header", name);
    cr_assert_eq(rd16(local + 8), 0, "%s: not stored", name);
    uint32_t size = rd32(local + 18);
    const unsigned char *data = local + 30 + rd16(local + 26) + rd16(local + 28);
    cr_assert_eq(crc32_of(data, size), rd32(c + 16), "%s: CRC mismatch", name);
    if (strcmp(name, "setup.sh") == 0) f.setup = true;
    if (strcmp(name, "build-loaderlab.sh") == 0) f.build = true;
    if (strcmp(name, "run_autograder") == 0) {
      f.run = true;
      f.run_mode = mode & 0777;
    }
    if (strstr(name, "/solutions/")) f.solutions = true;
    if (strncmp(name, "loaderlab/exercises/", 20) == 0) f.other_exercise = true;
    if (strncmp(name, "hidden/", 7) == 0) f.hidden_private = (mode & 077) == 0;
    if (strstr(name, "hidden-00-driver-unload")) f.hidden_in_tree = true;
    char path[2048];
    snprintf(path, sizeof path, "%s/%s", dest, name);
    make_parents(path);
    FILE *out = fopen(path, "wb");
    cr_assert(out, "cannot extract %s", path);
    fwrite(data, 1, size, out);
    fclose(out);
    chmod(path, mode & 0777);
  }
  free(z);
  return f;
}

static char *gradescope_root(void) {
  char *root = test_dir("autograder");
  chmod(root, 0755);
  char *hidden = private_hidden();
  char zip[4096], source[3000];
  snprintf(zip, sizeof zip, "%s/autograder.zip", root);
  const char *args[] = {"autograder", EXERCISE, "--platform", "gradescope", "-o", zip, "--hidden", hidden, NULL};
  run_result r = run_loaderlab(root, 60, args);
  cr_assert_eq(r.status, 0, "%s", r.err);
  run_result_free(&r);
  snprintf(source, sizeof source, "%s/source", root);
  mkdir(source, 0755);
  zip_facts f = read_zip(zip, source);
  cr_assert(f.setup && f.run && f.build, "setup.sh, run_autograder and build-loaderlab.sh belong at the zip's root");
  cr_assert_eq(f.run_mode & 0111, 0111, "run_autograder must be executable");
  cr_assert_not(f.solutions, "the zip carries solutions, which student code could read");
  cr_assert_not(f.other_exercise, "the zip carries other exercises");
  cr_assert(f.hidden_private, "hidden files must be their owner's alone");
  cr_assert_not(f.hidden_in_tree, "the hidden scenarios are also in the kit's tree");
  remove_dir(hidden);
  free(hidden);
  unlink(zip);
  /* What setup.sh does after installing packages: build the kit. */
  char build[4096], kit[4096];
  snprintf(build, sizeof build, "%s/build-loaderlab.sh", source);
  snprintf(kit, sizeof kit, "%s/loaderlab", source);
  const char *argv[] = {"/bin/sh", build, kit, NULL};
  r = run_program(root, 600, argv, NULL);
  cr_assert_eq(r.status, 0, "the kit in the zip does not build:\n%s%s", r.out, r.err);
  run_result_free(&r);
  return root;
}

static jval *run_autograder(const char *root, double *score) {
  char script[4096], env_root[4096], results[4096];
  snprintf(script, sizeof script, "%s/source/run_autograder", root);
  snprintf(env_root, sizeof env_root, "AUTOGRADER_ROOT=%s", root);
  snprintf(results, sizeof results, "%s/results/results.json", root);
  unlink(results);
  const char *argv[] = {"/bin/sh", script, NULL};
  const char *env[] = {env_root, NULL};
  char *tmp = test_dir("tmp");
  run_result r = run_program(tmp, 300, argv, env);
  cr_assert_eq(r.status, 0, "run_autograder failed: %s%s", r.out, r.err);
  cr_assert(dir_is_empty(tmp));
  remove_dir(tmp);
  free(tmp);
  run_result_free(&r);
  size_t len;
  char *text = slurp(results, &len);
  char err[200];
  jval *v = json_parse(text, len, err, sizeof err);
  cr_assert(v, "results.json does not parse: %s\n%s", err, text);
  cr_assert_null(strstr(text, "SECRET-7f3a9c"));
  free(text);
  *score = json_get(v, "score")->n;
  return v;
}

Test(autograder, the_zip_builds_and_grades_submissions_laid_out_as_gradescope_lays_them_out, .timeout = 900) {
  char *root = gradescope_root();
  char sub[3000], nested[3500];
  snprintf(sub, sizeof sub, "%s/submission", root);
  mkdir(sub, 0755);
  /* A student's upload: the fixed driver in a folder, and a README. */
  snprintf(nested, sizeof nested, "%s/my-fix", sub);
  mkdir(nested, 0755);
  size_t len;
  char *fixed = slurp(GRADE_TESTS_DIR "/solutions/00-driver-unload/driver.c", &len);
  free(test_file(nested, "driver.c", fixed, len));
  free(test_file(sub, "README.md", "pinned it\n", 10));
  double score;
  jval *r = run_autograder(root, &score);
  cr_assert_eq(score, 120, "the reference fix, with the hidden scenario: 120 points");
  cr_assert_eq(json_get(r, "tests")->n_items, 4);
  json_free(r);
  /* The buggy driver. */
  char *buggy = slurp(EXERCISE "/driver.c", &len);
  free(test_file(nested, "driver.c", buggy, len));
  r = run_autograder(root, &score);
  cr_assert_eq(score, 30);
  json_free(r);
  /* No C file at all: still a results.json, with a message for the student. */
  char path[4096];
  snprintf(path, sizeof path, "%s/driver.c", nested);
  unlink(path);
  r = run_autograder(root, &score);
  cr_assert_eq(score, 0);
  cr_assert(strstr(json_get(r, "output")->s, "No driver.c in your submission"), "%s", json_get(r, "output")->s);
  json_free(r);
  free(fixed);
  free(buggy);
  remove_dir(root);
  free(root);
}

Test(autograder, setup_sh_is_valid_bash_and_run_autograder_valid_sh) {
  char *root = test_dir("autograder");
  char zip[4096], source[3000];
  snprintf(zip, sizeof zip, "%s/autograder.zip", root);
  const char *args[] = {"autograder", EXERCISE, "--platform", "gradescope", "-o", zip, NULL};
  run_result r = run_loaderlab(root, 60, args);
  cr_assert_eq(r.status, 0, "%s", r.err);
  run_result_free(&r);
  snprintf(source, sizeof source, "%s/source", root);
  mkdir(source, 0755);
  read_zip(zip, source);
  char setup[4096], run[4096];
  snprintf(setup, sizeof setup, "%s/setup.sh", source);
  snprintf(run, sizeof run, "%s/run_autograder", source);
  const char *bash[] = {"/bin/bash", "-n", setup, NULL};
  r = run_program(root, 30, bash, NULL);
  cr_assert_eq(r.status, 0, "%s", r.err);
  run_result_free(&r);
  const char *sh[] = {"/bin/sh", "-n", run, NULL};
  r = run_program(root, 30, sh, NULL);
  cr_assert_eq(r.status, 0, "%s", r.err);
  run_result_free(&r);
  remove_dir(root);
  free(root);
}

Test(autograder, other_platforms_and_missing_arguments_are_refused) {
  char *root = test_dir("autograder");
  const char *args[] = {"autograder", EXERCISE, "--platform", "moodle", "-o", "x.zip", NULL};
  run_result r = run_loaderlab(root, 60, args);
  cr_assert_eq(r.status, 2);
  cr_assert(strstr(r.err, "--platform moodle"), "%s", r.err);
  run_result_free(&r);
  const char *no_output[] = {"autograder", EXERCISE, "--platform", "gradescope", NULL};
  r = run_loaderlab(root, 60, no_output);
  cr_assert_eq(r.status, 2);
  run_result_free(&r);
  cr_assert(dir_is_empty(root));
  remove_dir(root);
  free(root);
}

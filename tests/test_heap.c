/* Specification of the tracked heap: malloc/free and HeapAlloc/HeapFree are
 * tracked per module, memory still allocated at process end is reported by
 * module (as information), and a double free or a free of something that
 * is not a heap block is a crash, as the Windows heap makes it one. */
#include <string.h>

#include "harness.h"

Test(heap, memory_not_freed_at_process_end_is_reported_per_module) {
  sim_program *p = th_build("heap_host.c", "heapdll.dll=heap_dll.c", NULL);
  sim_result r;
  th_run(p, &r);
  /* Windows reclaims memory at exit: information, not a bug. */
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "done\n");
  cr_expect_str_eq(th_resources(&r),
                   "memory not freed at exit: 3 blocks, 48 bytes\n"
                   "  by host.exe: 1 block, 16 bytes\n"
                   "  by heapdll.dll: 2 blocks, 32 bytes\n");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(heap, freed_memory_is_not_reported) {
  sim_program *p = th_build("heap_all_freed.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_resources(&r), "");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(heap, double_free_is_a_crash) {
  sim_program *p = th_build("heap_double_free.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_CRASH);
  cr_expect(strstr(th_message(&r), "free of a block that was already freed (double free, at main"),
            "message: %s", th_message(&r));
  cr_expect(strstr(th_message(&r), "0xC0000374"), "message: %s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(heap, heap_free_of_a_freed_block_is_a_crash) {
  sim_program *p = th_build("heap_double_heapfree.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_CRASH);
  cr_expect(strstr(th_message(&r), "HeapFree of a block that was already freed"), "message: %s",
            th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(heap, free_of_an_address_that_is_not_a_heap_block_is_a_crash) {
  sim_program *p = th_build("heap_free_not_heap.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_CRASH);
  cr_expect(strstr(th_message(&r), "which is not a heap block"), "message: %s", th_message(&r));
  sim_result_free(&r);
  sim_program_free(p);
}

Test(heap, realloc_to_zero_bytes_frees_the_block_and_returns_null) {
  sim_program *p = th_build("heap_realloc_zero.c", NULL);
  sim_result r;
  th_run(p, &r);
  th_expect_verdict(&r, SIM_VERDICT_OK);
  cr_expect_str_eq(th_stdout(&r), "realloc(p, 0) returned NULL\n");
  cr_expect_str_eq(th_resources(&r), "");
  sim_result_free(&r);
  sim_program_free(p);
}

Test(heap, heap_realloc_with_zero_memory_zeroes_the_part_that_grows) {
  sim_program *p = th_build("heap_realloc_zeroed.c", NULL);
  /* Several runs in one process: later runs are handed memory earlier runs
   * used and dirtied. */
  for (int run = 0; run < 4; run++) {
    sim_result r;
    th_run(p, &r);
    th_expect_verdict(&r, SIM_VERDICT_OK);
    cr_expect_str_eq(th_stdout(&r), "non-zero bytes after growing a zeroed block: 0\n", "run %d", run);
    sim_result_free(&r);
  }
  sim_program_free(p);
}

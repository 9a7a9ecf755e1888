# The course's exercises under Wine: each exercise's buggy DLL, reference
# solution and wrong fixes, compiled unchanged with mingw-w64, run with the
# scenario hosts the simulator runs (exercises/NN-name/scenarios/*/host.c).
# Included from win32/tests/CMakeLists.txt, after scenarios.cmake, whose
# scenario_host_runs() it uses.
#
# What it tests: the outcome the simulator gives (tests/test_exercises.c)
# is the outcome under Wine wherever the race window lets Wine reach it in
# a bounded number of runs: a fix is ok in every run, a bug crashes, hangs
# or fails its host's assert within a bound.  Where Wine cannot show a bug
# (a leak has no verdict under Wine; a window of a few instructions is not
# reached), there is no test, and the exercise's README says so in a
# sentence.
#
# Bounds: a run stops at its first crash, hang or failed assert, so a
# bound costs nothing when the bug shows.  Every bound below is a number of
# runs chosen from runs measured on the 2-vCPU development VM with Wine 8.0,
# in three settings: idle, pinned to one core (taskset -c 0), and beside a
# busy loop; the comment above each test gives the figures.  A hang is
# called after RUN_TIMEOUT_S seconds only in tests that expect one; tests
# that expect every run ok give each run OK_RUN_TIMEOUT_S, far beyond the
# ~0.3 s a run takes, so a loaded machine cannot fail them.

set(EXERCISES_DIR ${PROJECT_SOURCE_DIR}/exercises)
set(SOLUTIONS_DIR ${PROJECT_SOURCE_DIR}/solutions)
set(OK_RUN_TIMEOUT_S 60)

# exercise_hosts(<id> <exercise> <scenario>...) builds each scenario's host
# as <id>_<scenario>_host (dashes become underscores), with the exercise
# folder on the include path and assert on: the hosts' asserts are their
# checks.
function(exercise_hosts id exercise)
  foreach(scenario IN LISTS ARGN)
    string(REPLACE "-" "_" name "${id}_${scenario}_host")
    add_executable(${name} ${EXERCISES_DIR}/${exercise}/scenarios/${scenario}/host.c)
    target_include_directories(${name} PRIVATE ${EXERCISES_DIR}/${exercise})
    target_compile_options(${name} PRIVATE -UNDEBUG)
  endforeach()
endfunction()

# exercise_dll(<target> <source> [RT]) builds one DLL of an exercise as
# <target>.dll; RT links the shared runtime (runtime/rt.c, asserts on).
function(exercise_dll target source)
  cmake_parse_arguments(PARSE_ARGV 2 arg "RT" "" "")
  loaderlab_win32_dll(${target} ${target} ${source})
  if(arg_RT)
    target_link_libraries(${target} PRIVATE loaderlab_rt)
  endif()
endfunction()

# exercise_assert_test(NAME <name> HOST <target> DLL <target> DLL_NAME <file>
#                      ASSERTION <regex>)
# One run of a scenario host that must fail its own assert, deterministically
# (no race involved): mingw's C runtime prints "Assertion failed: ..." and
# exits with 3.  The host and the DLL, under the name the host loads, are
# copied into a folder of their own, where the program runs.
function(exercise_assert_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;HOST;DLL;DLL_NAME;ASSERTION" "")
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/assert-runs/${arg_NAME})
  add_custom_target(${arg_NAME}_files ALL
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:${arg_HOST}> ${dir}/host.exe
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:${arg_DLL}> ${dir}/${arg_DLL_NAME}
    DEPENDS ${arg_HOST} ${arg_DLL})
  loaderlab_wine_test(NAME ${arg_NAME}
    COMMAND ${dir}/host.exe
    WORKING_DIRECTORY ${dir}
    EXIT_CODE 3
    PASS_REGULAR_EXPRESSION "Assertion failed: ${arg_ASSERTION}")
endfunction()

# ---- 01-static-runtime ------------------------------------------------------
#
# The driver's exports are drv_env_alloc, drv_query and drv_env_free, which
# loaderlab-host does not call, so every test runs a scenario's own host
# with the DLL copied in as driver.dll.

set(EX01 ${EXERCISES_DIR}/01-static-runtime)
set(SOL01 ${SOLUTIONS_DIR}/01-static-runtime)
exercise_hosts(ex01 01-static-runtime churn two-envs exit-open exit-clean pool)
exercise_dll(ex01_driver ${EX01}/driver.c RT)
exercise_dll(ex01_fixed ${SOL01}/driver.c RT)
foreach(wrong background-shutdown unloading-flag wait-in-detach first-free join-at-exit)
  string(REPLACE "-" "_" name "ex01_wrong_${wrong}")
  exercise_dll(${name} ${SOL01}/wrong-${wrong}.c RT)
endforeach()

set(EX01_CHURN_OK "^cycle 1: 2 queries answered; driver.dll unloaded\ncycle 2: 2 queries answered; driver.dll unloaded\ncycle 3: 2 queries answered; driver.dll unloaded\n$")
set(EX01_TWO_ENVS_OK "^connection [01]: 2 queries answered\nconnection [01]: 2 queries answered\nmain: a new environment after both were freed answered\n$")
set(EX01_EXIT_OPEN_OK "^2 queries answered; exiting with the environment open\n$")
set(EX01_EXIT_CLEAN_OK "^2 queries answered; driver.dll unloaded\n$")
set(EX01_POOL_OK "^connection [01]: 2 queries answered, driver released\nconnection [01]: 2 queries answered, driver released\npool idle; driver.dll unloaded\n$")

# The reference fix: every scenario, every run ok.
foreach(scenario churn two-envs exit-open exit-clean pool)
  string(REPLACE "-" "_" s "${scenario}")
  string(TOUPPER "${s}" S)
  scenario_host_runs(NAME exercise_01_fix_${s}_ok_20_runs
    HOST ex01_${s}_host DLL ex01_fixed DLL_NAME driver.dll RUNS 20 EXPECT ok
    RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "${EX01_${S}_OK}")
endforeach()

# The buggy driver where the simulator finds no bug: two environments at
# once, and an exit with one open (the driver has no DllMain to go wrong).
scenario_host_runs(NAME exercise_01_buggy_two_envs_ok_20_runs
  HOST ex01_two_envs_host DLL ex01_driver DLL_NAME driver.dll RUNS 20 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "${EX01_TWO_ENVS_OK}")
scenario_host_runs(NAME exercise_01_buggy_exit_open_ok_20_runs
  HOST ex01_exit_open_host DLL ex01_driver DLL_NAME driver.dll RUNS 20 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "${EX01_EXIT_OPEN_OK}")

# Wine's report of the fault goes to stderr at once, while the host's own
# lines wait in stdout's buffer until the process ends (or never come out),
# so the report is all a crash test looks for.  A thread left running in an
# unloaded DLL faults on execute access as a rule, but may fault on a read
# or a write first (of the DLL's data as its image goes away, or inside
# Wine's code on state the next copy of the DLL has taken over: seen once in
# the sample's test during a five-run measurement); every crash test of an
# unload race accepts the three.
set(EX01_FAULT "wine: Unhandled page fault on (execute|read|write) access")

# The crash of the bug report.  After FreeLibrary the worker waits on the
# port for the next keep-alive, 20 ms on; the host idles 50 ms, the wait
# ends and the worker returns into the unmapped driver: Wine reports a page
# fault on execute access.  Measured, 60 of 60 runs crashed in the first
# cycle (20 idle, 20 pinned to one core, 20 beside a busy loop), with churn
# and with pool alike.  10 runs leave a wide margin.
scenario_host_runs(NAME exercise_01_buggy_churn_crashes
  HOST ex01_churn_host DLL ex01_driver DLL_NAME driver.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "${EX01_FAULT}")
scenario_host_runs(NAME exercise_01_buggy_pool_crashes
  HOST ex01_pool_host DLL ex01_driver DLL_NAME driver.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "${EX01_FAULT}")

# Wrong fixes 1 and 2 (WRONG-FIXES.md): the woken worker, or the one whose
# wait for the next keep-alive ends, returns into the unmapped driver.
# Measured, 60 of 60 runs crashed in the first cycle for each (idle, pinned,
# busy).
scenario_host_runs(NAME exercise_01_wrong_background_shutdown_crashes
  HOST ex01_churn_host DLL ex01_wrong_background_shutdown DLL_NAME driver.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "${EX01_FAULT}")
scenario_host_runs(NAME exercise_01_wrong_unloading_flag_crashes
  HOST ex01_churn_host DLL ex01_wrong_unloading_flag DLL_NAME driver.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "${EX01_FAULT}")

# Wrong fix 3: rt_shutdown in DLL_PROCESS_DETACH waits for a worker whose
# exit needs the loader lock.  No timing involved: 9 of 9 runs hung in the
# first FreeLibrary, before the host printed anything.
scenario_host_runs(NAME exercise_01_wrong_wait_in_detach_hangs
  HOST ex01_churn_host DLL ex01_wrong_wait_in_detach DLL_NAME driver.dll RUNS 3 EXPECT hang
  VERDICT_OUTPUT "^$")

# Not run here, with the figures that say why (the README says it too):
# - the buggy driver in exit-clean: the simulator's verdict is a leak, which
#   has no outcome of its own under Wine; a run crashes only when the
#   keep-alive fires before the process has finished exiting (1 of 20 runs
#   idle, 2 of 20 pinned, 0 of 20 busy), otherwise it ends ok.
# - wrong fix 4 (first-free) in two-envs and pool: the second query must
#   come after the other thread's free; measured 1 and 3 of 20 runs idle,
#   5 and 9 of 20 busy, 0 of 20 pinned to one core: no bound holds on one
#   core.
# - wrong fix 5 (join-at-exit) in exit-open: the deadlock needs ExitProcess
#   to end the worker inside the runtime's lock, a window of a few
#   instructions; 60 of 60 runs ended ok.

# ---- 02-thread-in-dllmain ---------------------------------------------------
#
# DLL_PROCESS_ATTACH starts a worker and waits until it is ready; the worker
# needs the loader lock to start.  The DLL exports driver_query, so
# loaderlab-host drives it too.

set(EX02 ${EXERCISES_DIR}/02-thread-in-dllmain)
set(SOL02 ${SOLUTIONS_DIR}/02-thread-in-dllmain)
exercise_hosts(ex02 02-thread-in-dllmain load-and-query two-first-queries)
foreach(host ex02_load_and_query_host ex02_two_first_queries_host)
  target_include_directories(${host} PRIVATE ${EXERCISES_DIR}/common)
endforeach()
exercise_dll(ex02_driver ${EX02}/driver.c)
exercise_dll(ex02_fixed ${SOL02}/driver.c)
foreach(wrong ready-in-thread-attach lazy-start-without-lock start-flag)
  string(REPLACE "-" "_" name "ex02_wrong_${wrong}")
  exercise_dll(${name} ${SOL02}/wrong-${wrong}.c)
endforeach()

# The first LoadLibrary never returns; no timing involved.  Measured, 20 of
# 20 runs of each loaderlab-host pattern hung at cycle 1, and 25 of 25 runs
# of the scenario's own host hung before it printed anything.
loaderlab_wine_test(NAME exercise_02_buggy_hangs_under_loaderlab_host_exit
  COMMAND loaderlab-host exit ex02_driver.dll --cycles 10 --timeout-ms 3000
  EXIT_CODE 4
  PASS_REGULAR_EXPRESSION
    "^cycle 1: hang \\(no progress for 3000 ms, main thread in the child process"
    "cycles: 1 ok: 0 crash: 0 hang: 1\n$")
# The same deadlock under churn, in loaderlab-host's own process: the
# watchdog must already be past its own start (which takes the loader lock)
# when the first LoadLibrary takes the lock for good.
loaderlab_wine_test(NAME exercise_02_buggy_hangs_in_the_first_loadlibrary
  COMMAND loaderlab-host churn ex02_driver.dll --cycles 10 --timeout-ms 3000
  EXIT_CODE 4
  PASS_REGULAR_EXPRESSION
    "^cycle 1: hang \\(no progress for 3000 ms, main thread in LoadLibrary\\)\n"
    "cycles: 1 ok: 0 crash: 0 hang: 1\n$")
scenario_host_runs(NAME exercise_02_buggy_load_and_query_hangs
  HOST ex02_load_and_query_host DLL ex02_driver DLL_NAME driver.dll RUNS 3 EXPECT hang
  VERDICT_OUTPUT "^$")
# Wrong fix 1: DLL_THREAD_ATTACH is as stuck as the start routine.
scenario_host_runs(NAME exercise_02_wrong_ready_in_thread_attach_hangs
  HOST ex02_load_and_query_host DLL ex02_wrong_ready_in_thread_attach DLL_NAME driver.dll
  RUNS 3 EXPECT hang VERDICT_OUTPUT "^$")

# The fix starts the worker on the first query.  It is a fix for this
# exercise's programs, which never unload the driver, and only for them:
# the worker is never stopped, so under churn the fixed DLL has the
# motivating race of exercise 01 (the worker, between handing back a query
# with SetEvent and waiting again, can be in the DLL's code when
# FreeLibrary unmaps it).  Measured under churn with the fix's first
# version (the same worker): on two cores 20 of 20 runs crashed, at cycle 3
# to 156 (median 14); pinned to one core, 16 of 20 within 2000 cycles.
# A bound that holds on one core would leak thousands of threads first, so
# no test asserts that crash; a DLL that starts threads needs a way to stop
# them, which exercises 01, 07 and 08 are about.
fix_survives_200_cycles(exercise_02 ex02_fixed.dll exit)
scenario_host_runs(NAME exercise_02_fix_load_and_query_ok_20_runs
  HOST ex02_load_and_query_host DLL ex02_fixed DLL_NAME driver.dll RUNS 20 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^1 rows\n$")
scenario_host_runs(NAME exercise_02_fix_two_first_queries_ok_20_runs
  HOST ex02_two_first_queries_host DLL ex02_fixed DLL_NAME driver.dll RUNS 20 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^both first queries answered\n$")
# Not run here, with the figures that say why (the README says it too):
# wrong fixes 2 and 3 fail only when the second first query comes inside
# the first one's start.  Measured with two-first-queries: the start without
# a lock, 0 of 60 runs failed (20 idle, 20 pinned, 20 busy); the
# interlocked flag hung in 13 of 80 runs idle and 16 of 80 beside a busy
# loop, but in 3 of 80 pinned to one core: no bound holds there.

# ---- 03-lock-order ----------------------------------------------------------
#
# The deadlock needs a new thread's DLL_THREAD_ATTACH (loader lock held,
# waiting for the driver's lock) to meet a query between its
# EnterCriticalSection and its GetModuleHandleA (driver's lock held, waiting
# for the loader lock).  The report's own program makes one query per thread
# start, and under Wine the new thread reaches DLL_THREAD_ATTACH only after
# its start-up has gone through the wineserver, long after that query is
# over: 0 deadlocks in 900 runs (600 on two cores, 300 pinned to one).  The
# simulator finds the inversion in the first schedule it explores and the
# deadlock itself with one preemption (tests/test_scenarios.c).
#
# loaderlab-host's threads pattern queries again and again for as long as
# the new thread lives, and that reaches it.  Measured on the 2-vCPU VM, with
# --timeout-ms 2000: 20 of 20 runs hung, at cycle 8 to 1173 (median 71);
# with the other core kept busy, 11 of 12 hung within 5000 cycles (median
# 17) and one did not; pinned to one core, 1 of 10 within 3000.  So the test
# runs alone (RUN_SERIAL: a test beside it would take the second core the
# race needs) with a bound of 5000 cycles; on a single-core machine it is
# expected to fail, and that is the figure, not a bug in the DLL's fix.
# The wrong fixes have the same window (one query's call into the loader
# meeting one thread start) and are not run here.
#
# The query looks itself up as "driver.dll", and the race needs that lookup
# to find the DLL (a name that is not loaded sends Wine searching the disk
# under the loader lock, and 300 cycles did not deadlock); so the two DLLs
# are also copied, under that name, into folders of their own.

set(EX03 ${EXERCISES_DIR}/03-lock-order)
set(SOL03 ${SOLUTIONS_DIR}/03-lock-order)
exercise_hosts(ex03 03-lock-order thread-starts-during-query queries-on-three-threads)
foreach(host ex03_thread_starts_during_query_host ex03_queries_on_three_threads_host)
  target_include_directories(${host} PRIVATE ${EXERCISES_DIR}/common)
endforeach()
exercise_dll(ex03_driver ${EX03}/driver.c)
exercise_dll(ex03_fixed ${SOL03}/driver.c)
foreach(kind driver fixed)
  add_custom_command(TARGET ex03_${kind} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E make_directory ${LOADERLAB_WIN32_BIN_DIR}/lock-order-${kind}
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:ex03_${kind}>
            ${LOADERLAB_WIN32_BIN_DIR}/lock-order-${kind}/driver.dll)
endforeach()

loaderlab_wine_test(NAME exercise_03_buggy_deadlocks_while_threads_start
  COMMAND loaderlab-host threads lock-order-driver/driver.dll --cycles 5000 --timeout-ms 2000
  EXIT_CODE 4
  TIMEOUT 300
  PASS_REGULAR_EXPRESSION
    "cycle [0-9]+: hang \\(no progress for 2000 ms, main thread in driver_query, while a thread starts and exits\\)\n"
    "cycles: [0-9]+ ok: [0-9]+ crash: 0 hang: 1\n$")
if(TEST exercise_03_buggy_deadlocks_while_threads_start)
  set_tests_properties(exercise_03_buggy_deadlocks_while_threads_start PROPERTIES RUN_SERIAL TRUE)
endif()

fix_survives_200_cycles(exercise_03 lock-order-fixed/driver.dll threads)

scenario_host_runs(NAME exercise_03_fix_thread_starts_during_query_ok_200_runs
  HOST ex03_thread_starts_during_query_host DLL ex03_fixed DLL_NAME driver.dll
  RUNS 200 EXPECT ok RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^[01] rows\n$")
scenario_host_runs(NAME exercise_03_fix_queries_on_three_threads_ok_50_runs
  HOST ex03_queries_on_three_threads_host DLL ex03_fixed DLL_NAME driver.dll
  RUNS 50 EXPECT ok RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^3 queries answered\n$")

# ---- 04-unload-before-start -------------------------------------------------

set(EX04 ${EXERCISES_DIR}/04-unload-before-start)
set(SOL04 ${SOLUTIONS_DIR}/04-unload-before-start)
exercise_hosts(ex04 04-unload-before-start query-then-unload reload exit-after-query)
foreach(host ex04_query_then_unload_host ex04_reload_host ex04_exit_after_query_host)
  target_include_directories(${host} PRIVATE ${EXERCISES_DIR}/common)
endforeach()
exercise_dll(ex04_driver ${EX04}/driver.c)
exercise_dll(ex04_fixed ${SOL04}/driver.c)
foreach(wrong reference-in-thread free-and-return wait-until-started)
  string(REPLACE "-" "_" name "ex04_wrong_${wrong}")
  exercise_dll(${name} ${SOL04}/wrong-${wrong}.c)
endforeach()

# The reporting thread's start goes through the wineserver and comes after
# the host's FreeLibrary in nearly every run; it faults at its first
# instruction.  Measured (20 runs each idle, pinned to one core, beside a
# busy loop): the bug crashed in 59 of 60 runs of query-then-unload and 59
# of 60 of reload, every first run among them; the wrong fixes in 58, 54
# and 59 of 60 runs of query-then-unload, the first or second run each
# time.  10 runs leave a wide margin.
set(EX04_FAULT "wine: Unhandled page fault on (execute|read|write) access")
scenario_host_runs(NAME exercise_04_buggy_query_then_unload_crashes
  HOST ex04_query_then_unload_host DLL ex04_driver DLL_NAME driver.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "${EX04_FAULT}")
scenario_host_runs(NAME exercise_04_buggy_reload_crashes
  HOST ex04_reload_host DLL ex04_driver DLL_NAME driver.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "${EX04_FAULT}")
foreach(wrong reference-in-thread free-and-return wait-until-started)
  string(REPLACE "-" "_" w "${wrong}")
  scenario_host_runs(NAME exercise_04_wrong_${w}_crashes
    HOST ex04_query_then_unload_host DLL ex04_wrong_${w} DLL_NAME driver.dll RUNS 10 EXPECT crash
    VERDICT_OUTPUT "${EX04_FAULT}")
endforeach()

# Exiting right after the query: ExitProcess ends the reporting thread
# wherever it is, started or not (60 of 60 runs ok).
scenario_host_runs(NAME exercise_04_buggy_exit_after_query_ok_20_runs
  HOST ex04_exit_after_query_host DLL ex04_driver DLL_NAME driver.dll RUNS 20 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^1 rows\n$")

# The fix: every run ok.  Whether the reporting thread has finished, and so
# unloaded the driver, within the host's 20 ms is up to the machine's load
# under Wine, so both answers are accepted; the simulator's virtual time
# makes it "unloaded" every time.
scenario_host_runs(NAME exercise_04_fix_query_then_unload_ok_20_runs
  HOST ex04_query_then_unload_host DLL ex04_fixed DLL_NAME driver.dll RUNS 20 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S}
  RUN_OUTPUT "^1 rows; after 20 ms driver.dll is (unloaded|still loaded)\n$")
scenario_host_runs(NAME exercise_04_fix_reload_ok_20_runs
  HOST ex04_reload_host DLL ex04_fixed DLL_NAME driver.dll RUNS 20 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S}
  RUN_OUTPUT "^2 cycles; after 20 ms driver.dll is (unloaded|still loaded)\n$")
scenario_host_runs(NAME exercise_04_fix_exit_after_query_ok_20_runs
  HOST ex04_exit_after_query_host DLL ex04_fixed DLL_NAME driver.dll RUNS 20 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^1 rows\n$")

# ---- 05-self-unload ---------------------------------------------------------
#
# The plug-in exports start_worker, not driver_query, so the scenarios' own
# hosts run, with the DLL copied in as selffree.dll.  Nothing is loaded
# where the plug-in was, so a return into it always faults: measured, 30 of
# 30 runs of worker-frees crashed at run 1 with the first version of this
# plug-in (Wine prints "wine: Unhandled page fault on execute access").

set(EX05 ${EXERCISES_DIR}/05-self-unload)
set(SOL05 ${SOLUTIONS_DIR}/05-self-unload)
exercise_hosts(ex05 05-self-unload worker-frees two-workers)
exercise_dll(ex05_selffree ${EX05}/selffree.c)
exercise_dll(ex05_fixed ${SOL05}/selffree.c)
foreach(wrong free-then-exit-thread keep-the-reference free-in-thread-detach)
  string(REPLACE "-" "_" name "ex05_wrong_${wrong}")
  exercise_dll(${name} ${SOL05}/wrong-${wrong}.c)
endforeach()

# Measured, 60 runs each (20 idle, 20 pinned, 20 busy): the plug-in and
# wrong fixes 1 and 3 crashed in every run, in both scenarios; wrong fix 2
# failed the host's assert in every run; the fix was ok in every run.
set(EX05_FAULT "wine: Unhandled page fault on (execute|read|write) access")
scenario_host_runs(NAME exercise_05_buggy_worker_frees_crashes
  HOST ex05_worker_frees_host DLL ex05_selffree DLL_NAME selffree.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "${EX05_FAULT}")
scenario_host_runs(NAME exercise_05_buggy_two_workers_crashes
  HOST ex05_two_workers_host DLL ex05_selffree DLL_NAME selffree.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "${EX05_FAULT}")
scenario_host_runs(NAME exercise_05_wrong_free_then_exit_thread_crashes
  HOST ex05_worker_frees_host DLL ex05_wrong_free_then_exit_thread DLL_NAME selffree.dll
  RUNS 10 EXPECT crash VERDICT_OUTPUT "${EX05_FAULT}")
exercise_assert_test(NAME exercise_05_wrong_keep_the_reference_fails_the_hosts_check
  HOST ex05_worker_frees_host DLL ex05_wrong_keep_the_reference DLL_NAME selffree.dll
  ASSERTION "!loaded && \"the plug-in is still loaded after its worker is done\"")
# Wrong fix 3 faults under Wine before any return into the plug-in: the
# FreeLibrary inside DLL_THREAD_DETACH unloads the plug-in while the loader
# is still delivering the notification, and the fault Wine reports is a
# read of a small address by code that is not the plug-in's (still mapped,
# or it would be an execute fault), in every measured run.  A crash either
# way.
scenario_host_runs(NAME exercise_05_wrong_free_in_thread_detach_crashes
  HOST ex05_two_workers_host DLL ex05_wrong_free_in_thread_detach DLL_NAME selffree.dll
  RUNS 10 EXPECT crash VERDICT_OUTPUT "wine: Unhandled page fault")
scenario_host_runs(NAME exercise_05_fix_worker_frees_ok_200_runs
  HOST ex05_worker_frees_host DLL ex05_fixed DLL_NAME selffree.dll RUNS 200 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^worker done; selffree.dll unloaded\n$")
scenario_host_runs(NAME exercise_05_fix_two_workers_ok_50_runs
  HOST ex05_two_workers_host DLL ex05_fixed DLL_NAME selffree.dll RUNS 50 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^both workers done; selffree.dll unloaded\n$")

# ---- 06-process-exit --------------------------------------------------------
#
# The report's hang is not reachable under Wine, by design rather than by
# timing.  The simulator reports a deadlock: ExitProcess terminates the
# flusher while it holds the driver's critical section, and
# DLL_PROCESS_DETACH then waits for it forever.  Wine 8.0 never blocks in
# EnterCriticalSection while the process is shutting down
# (RtlpWaitForCriticalSection returns at once), so DllMain gets in and
# flushes; Windows Vista and later terminate the process at that
# EnterCriticalSection instead, and the flush is lost.  The bug is real in
# every world (the flush runs beside a half-done write, or not at all);
# only a deadlock is not what Wine shows, so the tests assert what Wine
# does, and the probe below shows Wine's rule with the section held at exit
# in every run.

set(EX06 ${EXERCISES_DIR}/06-process-exit)
set(SOL06 ${SOLUTIONS_DIR}/06-process-exit)
exercise_hosts(ex06 06-process-exit exit-while-flushing unload-then-exit)
foreach(host ex06_exit_while_flushing_host ex06_unload_then_exit_host)
  target_include_directories(${host} PRIVATE ${EXERCISES_DIR}/common)
endforeach()
exercise_dll(ex06_driver ${EX06}/driver.c)
exercise_dll(ex06_fixed ${SOL06}/driver.c)
foreach(wrong skip-at-exit wait-for-flusher)
  string(REPLACE "-" "_" name "ex06_wrong_${wrong}")
  exercise_dll(${name} ${SOL06}/wrong-${wrong}.c)
endforeach()
# The flusher's endless loop has no return statement, which the simulator
# build accepts and mingw's -Wreturn-type does not.
target_compile_options(ex06_driver PRIVATE -Wno-return-type)
target_compile_options(ex06_wrong_skip_at_exit PRIVATE -Wno-return-type)

# loaderlab-host's exit pattern with --linger-ms 12, the time the report's
# program gives the flusher.  Measured with an instrumented copy of the
# DLL, the section was held at exit in 1 run of 20 (the flusher's 5 ms
# steps line up with the exit the same way most times), and DllMain got in
# whether it was held or not; 20 of 20 runs ended ok.
loaderlab_wine_test(NAME exercise_06_buggy_does_not_deadlock_under_wine
  COMMAND loaderlab-host exit ex06_driver.dll --cycles 20 --linger-ms 12
  PASS_REGULAR_EXPRESSION "flushing [0-9]+ rows\n" "cycle 20: ok\ncycles: 20 ok: 20 crash: 0 hang: 0\n$")
# The report's own program: 80 of 80 runs (40 idle, 40 pinned to one core)
# printed "flushing 0 rows" and exited 0 with the first version of its
# host; 1 row would be pending if the exit came between the query and the
# flusher's next pass.
scenario_host_runs(NAME exercise_06_buggy_exit_while_flushing_flushes_under_wine
  HOST ex06_exit_while_flushing_host DLL ex06_driver DLL_NAME driver.dll RUNS 20 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^1 rows\nflushing [01] rows\n$")

# The probe: a section held at exit, always (dlls/lock_held_at_exit.c).
loaderlab_win32_dll(test_lock_held_at_exit lock_held_at_exit dlls/lock_held_at_exit.c)
loaderlab_wine_test(NAME wine_lets_exit_detach_enter_a_section_a_terminated_thread_holds
  COMMAND loaderlab-host exit lock_held_at_exit.dll --cycles 3
  PASS_REGULAR_EXPRESSION
    "entered the section a terminated thread holds\ncycle 1: ok\n"
    "entered the section a terminated thread holds\ncycle 3: ok\ncycles: 3 ok: 3 crash: 0 hang: 0\n$")

# Unloading the buggy driver, or the wrong fix that skips the flush at exit,
# unmaps it under the flusher, which faults when its Sleep returns (or when
# it starts, if it had not yet).  Measured, 20 runs each idle, pinned to one
# core and beside a busy loop: 54 of 60 runs crashed for each, the first or
# second run every time.  10 runs leave a wide margin.
scenario_host_runs(NAME exercise_06_buggy_unload_then_exit_crashes
  HOST ex06_unload_then_exit_host DLL ex06_driver DLL_NAME driver.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "wine: Unhandled page fault on (execute|read|write) access")
scenario_host_runs(NAME exercise_06_wrong_skip_at_exit_crashes_after_unload
  HOST ex06_unload_then_exit_host DLL ex06_wrong_skip_at_exit DLL_NAME driver.dll RUNS 10 EXPECT crash
  VERDICT_OUTPUT "wine: Unhandled page fault on (execute|read|write) access")
# The wrong fix that waits at exit for the flusher ExitProcess terminated:
# an event nobody will set.  No timing involved.
scenario_host_runs(NAME exercise_06_wrong_wait_for_flusher_hangs_at_exit
  HOST ex06_exit_while_flushing_host DLL ex06_wrong_wait_for_flusher DLL_NAME driver.dll
  RUNS 3 EXPECT hang VERDICT_OUTPUT "^1 rows\n$")
# The fix flushes in driver_shutdown and does nothing at exit.
scenario_host_runs(NAME exercise_06_fix_exit_while_flushing_ok_50_runs
  HOST ex06_exit_while_flushing_host DLL ex06_fixed DLL_NAME driver.dll RUNS 50 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^1 rows\nflushing [01] rows\n$")
scenario_host_runs(NAME exercise_06_fix_unload_then_exit_ok_50_runs
  HOST ex06_unload_then_exit_host DLL ex06_fixed DLL_NAME driver.dll RUNS 50 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^flushing [0-2] rows\n2 rows; driver.dll unloaded\n$")

# ---- 07-batch-steal ---------------------------------------------------------
#
# A worker that dequeues a batch takes both shutdown packets; its sibling
# never exits and driver_shutdown waits forever.  In the simulator the
# port's concurrency value of 1 holds the second worker back; Wine does not
# enforce concurrency, but the shutdown posts its two packets back to back,
# before either woken worker gets to dequeue, and the first one there takes
# both.  The figures below were measured with the first version of this
# driver, whose code was the same with driver_shutdown in the shared header.

set(EX07 ${EXERCISES_DIR}/07-batch-steal)
set(SOL07 ${SOLUTIONS_DIR}/07-batch-steal)
exercise_hosts(ex07 07-batch-steal two-cycles queries-from-two-threads)
foreach(host ex07_two_cycles_host ex07_queries_from_two_threads_host)
  target_include_directories(${host} PRIVATE ${EXERCISES_DIR}/common)
endforeach()
exercise_dll(ex07_driver ${EX07}/driver.c)
exercise_dll(ex07_fixed ${SOL07}/driver.c)
foreach(wrong finish-the-batch more-packets wait-with-timeout)
  string(REPLACE "-" "_" name "ex07_wrong_${wrong}")
  exercise_dll(${name} ${SOL07}/wrong-${wrong}.c)
endforeach()
foreach(dll ex07_driver ex07_fixed ex07_wrong_finish_the_batch ex07_wrong_more_packets ex07_wrong_wait_with_timeout)
  target_include_directories(${dll} PRIVATE ${EX07})
endforeach()

# Under loaderlab-host churn (which calls driver_shutdown before each
# unload): the hang came at cycle 1 in 18 of 20 runs and at cycle 2 in the
# other two; pinned to one core, at cycle 1 in 16 of 20, cycle 2 in 3,
# cycle 3 in 1.
loaderlab_wine_test(NAME exercise_07_buggy_hangs_in_driver_shutdown
  COMMAND loaderlab-host churn ex07_driver.dll --cycles 1000 --timeout-ms 3000
  EXIT_CODE 4
  PASS_REGULAR_EXPRESSION
    "cycle [0-9]+: hang \\(no progress for 3000 ms, main thread in driver_shutdown\\)\n"
    "cycles: [0-9]+ ok: [0-9]+ crash: 0 hang: 1\n$")
fix_survives_200_cycles(exercise_07 ex07_fixed.dll churn rapid)

# With the report's own program the two woken workers split the packets in
# nearly half the runs.  Measured: idle, 47 of 80 runs hung (runs to the
# first hang: min 1, median 1, max 5); pinned to one core, 45 of 80 (max
# 8); beside a busy loop, 77 of 80 (max 2).  40 runs leave a margin of 5
# times the worst.
scenario_host_runs(NAME exercise_07_buggy_two_cycles_hangs
  HOST ex07_two_cycles_host DLL ex07_driver DLL_NAME driver.dll RUNS 40 EXPECT hang
  VERDICT_OUTPUT "^cycle 1: 42 rows\n(cycle 2: 42 rows\n)?$")
# The wrong fixes that keep the sibling's packet (WRONG-FIXES.md 1 and 2)
# hang too, and the report's fault shows with queries-from-two-threads.
# Measured, 20 runs each idle, pinned to one core and beside a busy loop:
# finish-the-batch hung in 19, 19 and 17 (first by run 2); more-packets in
# 14, 10 and 17 (first by run 4); the buggy driver with
# queries-from-two-threads in 12, 7 and 10 (first by run 6).  Measured
# again later, 40 runs idle with the suite's Wine server running:
# finish-the-batch 24, more-packets only 4 (10 %), queries-from-two-threads
# 20 (and the buggy two-cycles 30).  So more-packets may run 200 times (at
# 10 % a run, no hang in 200 happens about once in a billion tests; a run
# that does not hang takes about 0.1 s); 40 runs leave a wide margin for the
# others.  The third wrong fix closes the port after a
# timeout, which wakes nobody under Wine 8: 60 of 60 runs ended ok, and it
# is not run here (its README says why).
scenario_host_runs(NAME exercise_07_wrong_finish_the_batch_hangs
  HOST ex07_two_cycles_host DLL ex07_wrong_finish_the_batch DLL_NAME driver.dll RUNS 40 EXPECT hang
  VERDICT_OUTPUT "^cycle 1: 42 rows\n(cycle 2: 42 rows\n)?$")
scenario_host_runs(NAME exercise_07_wrong_more_packets_hangs
  HOST ex07_two_cycles_host DLL ex07_wrong_more_packets DLL_NAME driver.dll RUNS 200 EXPECT hang
  VERDICT_OUTPUT "^cycle 1: 42 rows\n(cycle 2: 42 rows\n)?$")
scenario_host_runs(NAME exercise_07_buggy_queries_from_two_threads_hangs
  HOST ex07_queries_from_two_threads_host DLL ex07_driver DLL_NAME driver.dll RUNS 40 EXPECT hang
  VERDICT_OUTPUT "^$")

scenario_host_runs(NAME exercise_07_fix_two_cycles_ok_50_runs
  HOST ex07_two_cycles_host DLL ex07_fixed DLL_NAME driver.dll RUNS 50 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^cycle 1: 42 rows\ncycle 2: 42 rows\ndone\n$")
scenario_host_runs(NAME exercise_07_fix_queries_from_two_threads_ok_50_runs
  HOST ex07_queries_from_two_threads_host DLL ex07_fixed DLL_NAME driver.dll RUNS 50 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^3 queries answered; shut down and unloaded\n$")

# ---- 08-port-close ----------------------------------------------------------

set(EX08 ${EXERCISES_DIR}/08-port-close)
set(SOL08 ${SOLUTIONS_DIR}/08-port-close)
exercise_hosts(ex08 08-port-close two-cycles unload-then-exit)
foreach(host ex08_two_cycles_host ex08_unload_then_exit_host)
  target_include_directories(${host} PRIVATE ${EXERCISES_DIR}/common)
endforeach()
exercise_dll(ex08_driver ${EX08}/driver.c)
exercise_dll(ex08_fixed ${SOL08}/driver.c)
foreach(wrong wait-in-detach close-in-detach)
  string(REPLACE "-" "_" name "ex08_wrong_${wrong}")
  exercise_dll(${name} ${SOL08}/wrong-${wrong}.c)
endforeach()

# Wine 8 does not wake the threads waiting on a port when it is closed
# (Windows wakes them with ERROR_ABANDONED_WAIT_0): the workers that were in
# their wait stay asleep, leaked but harmless.  The crash comes from a
# worker that was not back in its wait yet when the port was closed: its
# next GetQueuedCompletionStatus fails at once and it returns into the
# driver, unmapped by then.  How often a run crashes depends on how warm
# Wine is more than on the code: measured with two-cycles at first, 20 runs
# each idle, pinned to one core and beside a busy loop, 12, 8 and 8 runs
# crashed; measured again later on the same machine with the test suite's
# running Wine server, 14 of 200 idle (7 %), 35 of 200 pinned and 195 of 200
# beside a busy loop, and a test of 20 runs then failed 4 times in 30.  So
# the runs stop at the first crash but may go on for 200: at 7 % a run, 200
# runs without a crash happen about once in two million tests, and a run
# that does not crash takes about 0.1 s.  With a 50 ms pause before the
# shutdown, which lets every worker get back into its wait, 1 run in 80
# crashed.  For the wrong fix that closes the port in DLL_PROCESS_DETACH, 4,
# 7 and 4 of 20 crashed at first, 82 of 100 idle later; it gets 200 runs
# too.  unload-then-exit crashed in only 8 of 60 runs, and is not tested
# here.
# The fault is most often on execute access (the worker returns into the
# unmapped code); now and then (1 crash in about 30) it is a read of the
# driver's data at the moment its image goes away.  Both are this bug (and
# a write, as EX01_FAULT says).
set(EX08_FAULT "wine: Unhandled page fault on (execute|read|write) access")
scenario_host_runs(NAME exercise_08_buggy_two_cycles_crashes
  HOST ex08_two_cycles_host DLL ex08_driver DLL_NAME driver.dll RUNS 200 EXPECT crash
  VERDICT_OUTPUT "${EX08_FAULT}")
scenario_host_runs(NAME exercise_08_wrong_close_in_detach_crashes
  HOST ex08_two_cycles_host DLL ex08_wrong_close_in_detach DLL_NAME driver.dll RUNS 200 EXPECT crash
  VERDICT_OUTPUT "${EX08_FAULT}")

# Waiting for the workers in DLL_PROCESS_DETACH: their exit needs the loader
# lock that DllMain runs under, and the first FreeLibrary never returns.
# No timing involved; measured (with the first version of this DLL, which
# posted the same packets), 20 of 20 runs of loaderlab-host and 25 of 25 of
# the scenario's host hung in the first FreeLibrary.
loaderlab_wine_test(NAME exercise_08_wrong_wait_in_detach_hangs_in_freelibrary
  COMMAND loaderlab-host churn ex08_wrong_wait_in_detach.dll --cycles 10 --timeout-ms 3000
  EXIT_CODE 4
  PASS_REGULAR_EXPRESSION
    "^cycle 1: hang \\(no progress for 3000 ms, main thread in FreeLibrary\\)\n"
    "cycles: 1 ok: 0 crash: 0 hang: 1\n$")
scenario_host_runs(NAME exercise_08_wrong_wait_in_detach_hangs
  HOST ex08_two_cycles_host DLL ex08_wrong_wait_in_detach DLL_NAME driver.dll RUNS 3 EXPECT hang
  VERDICT_OUTPUT "^cycle 1: 42 rows\n$")

# The fix: loaderlab-host calls its driver_shutdown before each unload.
fix_survives_200_cycles(exercise_08 ex08_fixed.dll churn rapid)
scenario_host_runs(NAME exercise_08_fix_two_cycles_ok_50_runs
  HOST ex08_two_cycles_host DLL ex08_fixed DLL_NAME driver.dll RUNS 50 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^cycle 1: 42 rows\ncycle 2: 42 rows\ndone\n$")
scenario_host_runs(NAME exercise_08_fix_unload_then_exit_ok_50_runs
  HOST ex08_unload_then_exit_host DLL ex08_fixed DLL_NAME driver.dll RUNS 50 EXPECT ok
  RUN_TIMEOUT_S ${OK_RUN_TIMEOUT_S} RUN_OUTPUT "^42 rows; driver.dll unloaded\n$")

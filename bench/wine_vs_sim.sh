#!/bin/sh
# wine_vs_sim.sh: the motivating race (sim/samples/driver-unload/driver.c),
# time to first failure in the simulator and under Wine, side by side.
#
#   bench/wine_vs_sim.sh [RUNS]      or   make bench-wine   (builds both presets first)
#
# Simulator: `build/default/bench/bench_core motivating`, which explores the
# sample with the random strategy until the access violation, over 100
# seeds, and prints the mean and worst time to find it.
#
# Wine: `loaderlab-host churn driver.dll` (load, query, FreeLibrary, repeat)
# from build/mingw/bin, RUNS times (default 20), each until its first crash
# and at most CYCLES_MAX cycles (default 1000).  Prints how many runs
# crashed and, over those, the minimum, median and maximum of the cycle of
# the first crash and of the seconds it took: wall-clock time of the whole
# run, so starting and ending the Wine process is included (printed on its
# own too, as the median of three runs of `loaderlab-host --help`).
#
# Wine runs in a fresh private prefix, build/bench-wine/prefix, deleted and
# created again each time (wineboot -i, some seconds), with one wineserver
# started here for all the runs and stopped at the end, also on an
# interrupt.  The environment is the tests': WINEDEBUG=-all, no Mono, Gecko,
# winedbg or winemenubuilder, no display.  Nothing touches ~/.wine.
#
# Needs: build/default and build/mingw built (cmake --preset default &&
# cmake --build --preset default, the same for mingw), Wine (wine64; set
# WINE64 and WINESERVER to use others), and a `date` that prints
# nanoseconds (+%N, GNU coreutils) for times under a second.
#
# Prints figures only; nothing here passes or fails on them.  Left out: the
# rapid pattern, and any other DLL (the tests in win32/ cover those).
set -eu

cd "$(dirname "$0")/.."
RUNS=${1:-20}
CYCLES_MAX=${CYCLES_MAX:-1000}
BENCH_CORE=build/default/bench/bench_core
BIN=build/mingw/bin
BENCH_DIR=build/bench-wine

case $RUNS in
  '' | *[!0-9]* | 0) echo "usage: $0 [RUNS]  (RUNS a whole number above 0)" >&2; exit 2 ;;
esac
for file in "$BENCH_CORE" "$BIN/loaderlab-host.exe" "$BIN/driver.dll" "$BIN/driver_fixed.dll"; do
  if [ ! -f "$file" ]; then
    echo "$0: $file is missing: build both presets first (make bench-wine does)" >&2
    exit 2
  fi
done
WINE64=${WINE64:-$(command -v wine64 || echo /usr/lib/wine/wine64)}
WINESERVER=${WINESERVER:-$(dirname "$WINE64")/wineserver}
[ -x "$WINESERVER" ] || WINESERVER=$(command -v wineserver || echo /usr/lib/wine/wineserver)
for program in "$WINE64" "$WINESERVER"; do
  if [ ! -x "$program" ]; then
    echo "$0: $program not found; install Wine (Debian: apt-get install wine64)" >&2
    exit 2
  fi
done
case $(date +%N) in
  *[!0-9]* | '') echo "$0: this date cannot print nanoseconds (+%N)" >&2; exit 2 ;;
esac

now_ns() { date +%s%N; }

# The prefix, made afresh, and one server for every run.
rm -rf "$BENCH_DIR"
mkdir -p "$BENCH_DIR/prefix"
WINEPREFIX=$(cd "$BENCH_DIR/prefix" && pwd)
WINEDEBUG=-all
WINEDLLOVERRIDES='mscoree,mshtml=;winedbg.exe=d;winemenubuilder.exe=d'
export WINEPREFIX WINEDEBUG WINEDLLOVERRIDES
unset DISPLAY WAYLAND_DISPLAY
stop_server() { "$WINESERVER" -k >/dev/null 2>&1 || true; }
trap stop_server EXIT
trap 'exit 130' INT TERM
"$WINESERVER" -p </dev/null >"$BENCH_DIR/wineserver.log" 2>&1
# Wine's background processes inherit wineboot's output; a file, not this
# terminal, so that the runs below do not wait for them.
if ! "$WINE64" wineboot -i </dev/null >"$BENCH_DIR/wineboot.log" 2>&1; then
  echo "$0: wineboot -i failed, see $BENCH_DIR/wineboot.log" >&2
  exit 1
fi

# Prints the median of the numbers on stdin, one a line.
median() {
  sort -n | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "-"; exit }
    if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
seconds() { awk '{ printf "%.3f\n", $1 / 1e9 }'; }

# What a run costs before any cycle: a Wine process that prints its usage.
: >"$BENCH_DIR/start_ns"
for _ in 1 2 3; do
  t0=$(now_ns)
  (cd "$BIN" && "$WINE64" loaderlab-host.exe --help) </dev/null >/dev/null 2>&1 || true
  t1=$(now_ns)
  echo $((t1 - t0)) >>"$BENCH_DIR/start_ns"
done
start_s=$(median <"$BENCH_DIR/start_ns" | seconds)

: >"$BENCH_DIR/cycles"
: >"$BENCH_DIR/ns"
crashed=0
hung=0
survived=0
run=1
while [ "$run" -le "$RUNS" ]; do
  t0=$(now_ns)
  status=0
  (cd "$BIN" && "$WINE64" loaderlab-host.exe churn driver.dll --cycles "$CYCLES_MAX") \
    </dev/null >"$BENCH_DIR/run.out" 2>&1 || status=$?
  t1=$(now_ns)
  # "cycle N: crash ..." or "after cycle N: crash ..." (a worker that woke
  # after cycle N had reported ok): the first crash came in cycle N.
  cycle=$(tr -d '\r' <"$BENCH_DIR/run.out" | sed -n 's/^\(after \)\{0,1\}cycle \([0-9][0-9]*\): crash.*/\2/p' | head -n 1)
  if [ "$status" -eq 3 ] && [ -n "$cycle" ]; then
    crashed=$((crashed + 1))
    echo "$cycle" >>"$BENCH_DIR/cycles"
    echo $((t1 - t0)) >>"$BENCH_DIR/ns"
    echo "run $run: crash at cycle $cycle, $(echo $((t1 - t0)) | seconds) s"
  elif [ "$status" -eq 4 ]; then
    hung=$((hung + 1))
    echo "run $run: hang ($(tr -d '\r' <"$BENCH_DIR/run.out" | grep hang | head -n 1))"
  elif [ "$status" -eq 0 ]; then
    survived=$((survived + 1))
    echo "run $run: no crash in $CYCLES_MAX cycles"
  else
    echo "$0: run $run ended with exit code $status:" >&2
    cat "$BENCH_DIR/run.out" >&2
    exit 1
  fi
  run=$((run + 1))
done

stats() {
  printf 'min %s  median %s  max %s' \
    "$(sort -n "$1" | head -n 1 | $2)" "$(median <"$1" | $2)" "$(sort -n "$1" | tail -n 1 | $2)"
}

echo
echo "The motivating race, sim/samples/driver-unload/driver.c: time to first failure"
echo
echo "Simulator ($BENCH_CORE motivating):"
"$BENCH_CORE" motivating | sed 's/^/  /'
echo
echo "$("$WINE64" --version) ($BIN/loaderlab-host.exe churn driver.dll, $RUNS runs of at most $CYCLES_MAX cycles):"
echo "  first crash in $crashed of $RUNS runs (hang: $hung, no crash: $survived)"
if [ "$crashed" -gt 0 ]; then
  echo "  cycles to first crash:   $(stats "$BENCH_DIR/cycles" cat)"
  echo "  seconds to first crash:  $(stats "$BENCH_DIR/ns" seconds)"
  echo "  (wall clock per run, from starting Wine to the end of the process; for scale, a"
  echo "  Wine process that only prints loaderlab-host's usage and exits takes $start_s s)"
fi

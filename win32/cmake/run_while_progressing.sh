#!/bin/sh
# Runs a program and ends it only when it has made no progress for a while:
#
#   sh run_while_progressing.sh <idle-seconds> <verdict-file> <program> [args...]
#
# The program runs with this script's stdout and stderr, and the script
# exits with its exit status.  Once a second a watcher reads how much CPU
# time the program's process has used (all its threads, from
# /proc/<pid>/stat); when that has not moved for <idle-seconds> seconds in a
# row, the watcher writes "no progress for N s" to <verdict-file> and kills
# the program (SIGKILL, so 137 is the status).  The file exists afterwards
# only if that happened.
#
# Why not a timeout on the clock: a program that deadlocks uses no CPU time,
# and one that is merely slow on a busy machine still uses some every
# second.  A clock limit cannot tell them apart and fails a healthy test on
# a loaded machine; this cannot, short of a second with no CPU at all for a
# runnable program, which Linux's scheduler does not do to it.
#
# Under Wine the process that `wine64 program.exe` starts is the Windows
# process itself (same pid), with its threads as the pid's threads.  Child
# processes a Windows program creates are not counted: Wine starts them
# detached, and each judges its own (loaderlab-host's exit pattern has its
# own watchdog for its children).
#
# Left out: a program that spins without end (a livelock) is never killed
# here; the test's outer limit ends it.  Without /proc (not Linux) every
# second counts as idle, and <idle-seconds> is then a plain clock limit.

if [ $# -lt 3 ]; then
  echo "usage: sh run_while_progressing.sh <idle-seconds> <verdict-file> <program> [args...]" >&2
  exit 2
fi
idle_limit=$1
verdict_file=$2
shift 2
rm -f "$verdict_file"

"$@" &
program=$!

# The CPU time (clock ticks) the process has used, or nothing when it has
# ended: a zombie (state Z) has ended too, it only waits for `wait` below.
cpu_used() {
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  set -- ${stat##*) }
  [ "$1" != Z ] || return 1
  echo $((${12} + ${13}))
}

# The watcher writes nothing to stdout or stderr, so that neither it nor its
# last `sleep` holds the caller's pipe open after the program has ended.
# It sleeps in the background and waits for that, because a shell defers a
# signal until its foreground command ends: the TERM below then ends it at
# once instead of a second later, for every run.
(
  trap 'exit 0' TERM
  last=$(cpu_used "$program") || last=gone
  idle=0
  while kill -0 "$program" 2>/dev/null; do
    sleep 1 &
    wait $!
    now=$(cpu_used "$program") || now=gone
    if [ "$now" = "$last" ]; then
      idle=$((idle + 1))
    else
      idle=0
      last=$now
    fi
    if [ "$idle" -ge "$idle_limit" ]; then
      echo "no progress for $idle_limit s" >"$verdict_file"
      kill -KILL "$program" 2>/dev/null
      exit 0
    fi
  done
) >/dev/null 2>&1 &
watcher=$!

wait "$program" 2>/dev/null
status=$?
kill "$watcher" 2>/dev/null
wait "$watcher" 2>/dev/null
exit "$status"

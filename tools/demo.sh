#!/bin/sh
# make demo: explore the motivating race (a driver DLL unloaded while its
# worker threads wait on a completion port) and show what loaderlab found.
#
# loaderlab exits with status 1 when it finds a bug; here finding the bug is
# the point of the demo, so that is success.  A demo that finds nothing
# (status 0), or cannot run (status 2), fails.
#
#   tools/demo.sh [PATH/TO/loaderlab]
set -u

loaderlab=${1:-./build/default/sim/loaderlab}
"$loaderlab" explore
status=$?
case $status in
  1)
    echo
    echo "make demo: loaderlab found the race (its exit status 1 means \"bug found\"), as it should:"
    echo "the demo succeeded.  Paste the replay command above to read the run step by step."
    exit 0
    ;;
  0)
    echo "make demo: loaderlab found no bug, but the motivating race has one: the demo failed" >&2
    exit 1
    ;;
  *)
    echo "make demo: loaderlab could not run the demo (exit status $status): the demo failed" >&2
    exit 1
    ;;
esac

#!/bin/sh
# Runs the commands the lessons show and checks their output, or rewrites the
# expected outputs from a fresh run (--update).  lessons/README.md explains
# the Markdown convention; tools/lessons-doctest.awk does the work.
#
#   tools/lessons-doctest.sh [--update] [--wine] [--build DIR] [--loaderlab FILE]
#                            [--require-commands] [FILE.md | FOLDER]...
#
# Without files it takes every lessons/*.md.  Commands run from the
# repository root, with the build's `loaderlab` first on PATH, programs
# cached in DIR/lessons-cache, and plain (uncoloured) output.  --wine runs
# only the blocks marked `<!-- doctest: wine -->` (they need the mingw build
# and its Wine prefix); without it, only the others.
#
# Exit status: 0 every output matches (or was rewritten), 1 an output
# differs, 2 a chapter is malformed or the build is missing.
#
# The engine is POSIX awk; it has been run with mawk (Debian's default),
# gawk, the original awk and BusyBox's.  LESSONS_DOCTEST_AWK names another
# awk to use.
set -eu

root=$(cd "$(dirname "$0")/.." && pwd -P)
mode=check
kind=sim
build=""
loaderlab=""
require=0

usage() {
  echo "usage: tools/lessons-doctest.sh [--update] [--wine] [--build DIR] [--loaderlab FILE] [--require-commands] [FILE.md | FOLDER]..." >&2
  exit 2
}

while [ $# -gt 0 ]; do
  case $1 in
    --update) mode=update; shift ;;
    --wine) kind=wine; shift ;;
    --require-commands) require=1; shift ;;
    --build) [ $# -ge 2 ] || usage; build=$2; shift 2 ;;
    --loaderlab) [ $# -ge 2 ] || usage; loaderlab=$2; shift 2 ;;
    --help|-h) usage ;;
    --) shift; break ;;
    -*) echo "lessons-doctest: unknown option $1" >&2; usage ;;
    *) break ;;
  esac
done

absolute() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s/%s\n' "$(pwd -P)" "$1" ;;
  esac
}

if [ "$kind" = wine ]; then
  build=$(absolute "${build:-$root/build/mingw}")
  build_name=build/mingw
else
  build=$(absolute "${build:-$root/build/default}")
  build_name=build/default
  loaderlab=$(absolute "${loaderlab:-$build/sim/loaderlab}")
  if [ ! -x "$loaderlab" ]; then
    echo "lessons-doctest: $loaderlab is not there: build it first (make build)" >&2
    exit 2
  fi
  # The chapters write `loaderlab ...`; this is the one they mean.
  PATH=$(dirname "$loaderlab"):$PATH
  export PATH
fi
if [ ! -d "$build" ]; then
  if [ "$kind" = wine ]; then
    echo "lessons-doctest: no build folder $build: build it first (make build-mingw test-mingw)" >&2
  else
    echo "lessons-doctest: no build folder $build: build it first (make build)" >&2
  fi
  exit 2
fi
# Drop "/./" and "//" so that the build folder is found in the output as the
# program prints it.
build=$(cd "$build" && pwd -P)

[ $# -gt 0 ] || set -- "$root/lessons"
list=$(mktemp)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$list"' EXIT
trap 'exit 130' INT TERM
for arg in "$@"; do
  path=$(absolute "$arg")
  if [ -d "$path" ]; then
    for f in "$path"/*.md; do
      [ -f "$f" ] && printf '%s\n' "$f" >>"$list"
    done
  elif [ -f "$path" ]; then
    printf '%s\n' "$path" >>"$list"
  else
    echo "lessons-doctest: $arg: no such file or folder" >&2
    exit 2
  fi
done
if [ ! -s "$list" ]; then
  echo "lessons-doctest: no chapter to check in $*" >&2
  exit 2
fi

export LESSONS_DOCTEST_ROOT="$root"
export LOADERLAB_CACHE_DIR="${LOADERLAB_CACHE_DIR:-$build/lessons-cache}"
export NO_COLOR=1
unset LOADERLAB_STATS || true
# Byte-wise text handling in awk, the same on every machine.
export LC_ALL=C

# One awk run for all chapters; file names go through the list so that a
# name with spaces survives.
set --
while IFS= read -r f; do
  set -- "$@" "$f"
done <"$list"
status=0
${LESSONS_DOCTEST_AWK:-awk} -v root="$root" -v build="$build" -v build_name="$build_name" -v tmp="$tmp" \
    -v mode="$mode" -v kind="$kind" -v require="$require" \
    -f "$root/tools/lessons-doctest.awk" "$@" || status=$?
exit "$status"

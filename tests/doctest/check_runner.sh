#!/bin/sh
# The lessons' doc-test runner, tested on chapters written to pass or to fail
# (the *.md files beside this script): a runner that passed everything would
# leave every lesson free to go stale.
#
#   tests/doctest/check_runner.sh LOADERLAB
#
# Checks that the runner passes pass.md; fails each wrong-*.md with exit
# status 1, naming the chapter, the line of the command, the command and the
# first differing line; refuses outside-console.md with exit status 2; runs
# a Wine block's command again when it was killed by SIGKILL, up to 3 times
# (wine-killed.md passes, wine-killed-always.md fails); and that --update
# turns stale.md into stale.updated.md, which then passes.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
runner="$root/tools/lessons-doctest.sh"
loaderlab=${1:?usage: check_runner.sh LOADERLAB}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
problems=0

# expect NAME STATUS [TEXT...]: runs the runner on NAME.md, checks its exit
# status and that its output contains every TEXT (as a fixed string).  The
# runner's options are --loaderlab LOADERLAB and $extra.
extra=""
expect() {
  name=$1 want=$2
  shift 2
  # shellcheck disable=SC2086 # $extra is a list of words
  sh "$runner" --loaderlab "$loaderlab" $extra "$here/$name.md" >"$tmp/out" 2>&1
  got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL $name.md: the runner exited with $got, expected $want; it printed:"
    sed 's/^/  | /' "$tmp/out"
    problems=$((problems + 1))
    return
  fi
  for text in "$@"; do
    if ! grep -qF -- "$text" "$tmp/out"; then
      echo "FAIL $name.md: the runner's output lacks \"$text\"; it printed:"
      sed 's/^/  | /' "$tmp/out"
      problems=$((problems + 1))
      return
    fi
  done
  echo "ok $name.md: exit status $want, and the messages expected"
}

expect pass 0 "ok tests/doctest/pass.md: 15 commands"
expect wrong-output 1 \
  "FAIL tests/doctest/wrong-output.md:6: \$ printf 'exploring" \
  "expected: deadlock at step 8" \
  "got:      deadlock at step 9" \
  "1 failed"
expect wrong-exit 1 \
  "FAIL tests/doctest/wrong-exit.md:4: \$ echo found; false" \
  "got:      [exit status 1]"
expect wrong-elision 1 \
  "FAIL tests/doctest/wrong-elision.md:4: \$ seq 1 10" \
  "expected: 11"
expect outside-console 2 \
  "tests/doctest/outside-console.md:4: a loaderlab command outside a \`\`\`console block"

# Wine blocks, with a shell standing in for Wine: any folder does as the
# build folder, and the chapters keep their state in DOCTEST_TMP.
mkdir "$tmp/wine-build" "$tmp/state"
DOCTEST_TMP="$tmp/state"
export DOCTEST_TMP
extra="--wine --build $tmp/wine-build"
expect wine-killed 0 \
  "ok tests/doctest/wine-killed.md: 5 commands" \
  "Wine killed a command (SIGKILL, attempt 1 of 3), running it again: tests/doctest/wine-killed.md:10: \$ n=" \
  "attempt 2 of 3"
rm -f "$DOCTEST_TMP"/*
expect wine-killed-always 1 \
  "attempt 2 of 3" \
  "FAIL tests/doctest/wine-killed-always.md:5: \$ echo printed" \
  "| [exit status 137]"
if grep -qF "attempt 3 of 3" "$tmp/out"; then
  echo "FAIL wine-killed-always.md: the command ran more than 3 times"
  problems=$((problems + 1))
fi
extra=""

# Update mode, on a copy: the result is exactly the hand-written one, and
# a check of it passes.
cp "$here/stale.md" "$tmp/stale.md"
if ! sh "$runner" --update --loaderlab "$loaderlab" "$tmp/stale.md" >"$tmp/out" 2>&1; then
  echo "FAIL stale.md: --update failed:"
  sed 's/^/  | /' "$tmp/out"
  problems=$((problems + 1))
elif ! diff -u "$here/stale.updated.md" "$tmp/stale.md"; then
  echo "FAIL stale.md: --update wrote something else than stale.updated.md (diff above)"
  problems=$((problems + 1))
elif ! sh "$runner" --loaderlab "$loaderlab" "$tmp/stale.md" >"$tmp/out" 2>&1; then
  echo "FAIL stale.md: the updated chapter does not pass:"
  sed 's/^/  | /' "$tmp/out"
  problems=$((problems + 1))
else
  echo "ok stale.md: --update rewrote it as stale.updated.md, which passes"
fi

[ "$problems" -eq 0 ] || { echo "$problems problem(s)"; exit 1; }

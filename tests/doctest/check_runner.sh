#!/bin/sh
# The lessons' doc-test runner, tested on chapters written to pass or to fail
# (the *.md files beside this script): a runner that passed everything would
# leave every lesson free to go stale.
#
#   tests/doctest/check_runner.sh LOADERLAB
#
# Checks that the runner passes pass.md; fails each wrong-*.md with exit
# status 1, naming the chapter, the line of the command, the command and the
# first differing line; refuses outside-console.md with exit status 2; and
# that --update turns stale.md into stale.updated.md, which then passes.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
root=$(cd "$here/../.." && pwd -P)
runner="$root/tools/lessons-doctest.sh"
loaderlab=${1:?usage: check_runner.sh LOADERLAB}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
problems=0

# expect NAME STATUS [TEXT...]: runs the runner on NAME.md, checks its exit
# status and that its output contains every TEXT (as a fixed string).
expect() {
  name=$1 want=$2
  shift 2
  sh "$runner" --loaderlab "$loaderlab" "$here/$name.md" >"$tmp/out" 2>&1
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

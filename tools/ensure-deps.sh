#!/bin/sh
# Makes sure the Debian packages loaderlab needs are installed.
#
# As root it installs what is missing with apt-get (non-interactively, so it
# also works in CI with no stdin).  As a normal user it prints the exact
# command to run and stops with exit status 2, because installing packages is
# not something a build should do behind a user's back.
set -eu

# libseccomp-dev builds the grader's sandbox; parallel runs the sharded exploration of
# tests/scale/ (docs/scale.md); chromium, nodejs and npm run the browser test of the trace viewer
# (tests/browser/); its npm package is installed into the build tree by
# tools/browser-deps.sh, never globally.
packages="libcriterion-dev libseccomp-dev gcc-mingw-w64-x86-64 wine64 chromium nodejs npm parallel"

missing=""
for p in $packages; do
  # A node from elsewhere (NodeSource's nodejs bundles npm, and conflicts
  # with Debian's npm package) is as good as Debian's.
  if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "loaderlab needs these Debian packages:$missing" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 2
fi

echo "Installing missing packages:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have empty package lists; try the install first and
# refresh the lists only when it fails, so a machine that already has them
# does not depend on reaching the archive.
if ! apt-get install -y -q --no-install-recommends $missing; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends $missing
fi

#!/bin/sh
# Installs what the browser test of the trace viewer needs from npm
# (playwright-core, at the version tests/browser/package-lock.json pins)
# into a folder of the build tree, with `npm ci`.  Nothing is installed
# globally, and nothing outside that folder changes.  The browser itself is
# Debian's chromium (tools/ensure-deps.sh installs it); playwright-core only
# drives it.
#
#   tools/browser-deps.sh BUILD/browser-deps
#
# Run again with the same lock file, it does nothing.
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)
dest=${1:?usage: tools/browser-deps.sh FOLDER}
lock="$here/tests/browser/package-lock.json"

for tool in node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "browser-deps: $tool is missing: install Debian's nodejs and npm (make deps does it as root)" >&2
    exit 2
  fi
done

mkdir -p "$dest"
if [ -f "$dest/package-lock.json" ] && cmp -s "$lock" "$dest/package-lock.json" &&
   [ -f "$dest/node_modules/playwright-core/package.json" ]; then
  exit 0
fi
cp "$here/tests/browser/package.json" "$lock" "$dest/"
cd "$dest"
npm ci --no-audit --no-fund --loglevel=error

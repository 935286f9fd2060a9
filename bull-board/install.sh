#!/usr/bin/env bash
# Installs the pinned Bull Board UI (package-lock.json) into target/bull-board with `npm ci` and
# copies its dist (index.ejs and static/) to target/classes/bull-board, where the service serves it
# at /admin/queues. Nothing from npm enters the source tree. Skips npm when the lock is unchanged
# since the last install. Usage: install.sh <target dir>
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
target=${1:?usage: install.sh <target dir>}
work=$target/bull-board
out=$target/classes/bull-board
mkdir -p "$work"
stamp=$work/node_modules/.installed-from-lock
lock=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if ! [ -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts)
  echo "$lock" > "$stamp"
fi
dist=$work/node_modules/@bull-board/ui/dist
[ -f "$dist/index.ejs" ] || { echo "no $dist/index.ejs after npm ci" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
cp -R "$dist/index.ejs" "$dist/static" "$out/"

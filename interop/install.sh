#!/usr/bin/env bash
# Installs the pinned Node peers from package-lock.json; with --if-stale, only when the lock changed
# since the last install (the build runs it that way before the integration tests).
# `npm ci` refuses this lock file: alith 0.12.3 declares optional native packages for other
# platforms that were never published, so the lock cannot list them and npm ci calls it out of
# sync. Then `npm install --no-save` installs the same locked versions without touching the lock.
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.installed-from-lock
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "${1:-}" = --if-stale ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock" ]; then
  exit 0
fi
if ! npm ci --no-audit --no-fund 2>/dev/null; then
  echo "npm ci refused the lock (unpublished optional alith platform packages); npm install --no-save" >&2
  npm install --no-audit --no-fund --no-save
fi
echo "$lock" > "$stamp"

#!/usr/bin/env bash
# Refreshes the README's screenshots: runs the two browser tests (headless chromium against the
# whole service on the devnet; MariaDB, Redis and Node as for `mvn verify`), which save their pages
# under target/, and copies those here. Commit the PNGs it changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B verify -DskipTests=false -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='DashboardIT,BullBoardBrowserIT' "$@"
cp target/dashboard-attested.png docs/images/dashboard.png
cp target/bull-board-failed.png docs/images/bull-board.png
echo "docs/images/dashboard.png and docs/images/bull-board.png refreshed"

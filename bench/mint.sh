#!/usr/bin/env bash
# Mints per minute on one devnet (Hardhat, one block a second, the simulated node), in one run:
# the original service's flow on alith + node-rsa in Node (one token after another, as its worker
# ran them) and the packaged jar with its default settings fed by Node bullmq (a one-at-a-time
# sample, then a burst), plus a tuned row when BENCH_TUNED holds its settings as JSON, e.g.
#   BENCH_TUNED='{"lazai.mint.workers":128}' bash bench/mint.sh
# Usage: bash bench/mint.sh [tokens=200] [original tokens=10] [one-at-a-time=5] [block ms=1000]
# Needs MariaDB and Redis as for the tests; starts its own Hardhat, simulated node and service.
# Writes bench/results/mint.json; `node bench/report.js --write docs/benchmarks-peers.md` renders it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d devnet/node_modules ] || (cd devnet && npm ci --no-audit --no-fund)
bash interop/install.sh --if-stale
mvn -B -q -DskipTests -Dspotless.check.skip=true package dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  social.gm2.lazai.mint.MintBenchmark "$@"

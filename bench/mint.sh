#!/usr/bin/env bash
# Mints per minute of the pipeline on the devnet with one-second blocks: N tokens at a chosen
# concurrency and, in the same run, a sample processed one at a time as the original does.
# Usage: bash bench/mint.sh [tokens=200] [concurrency=50] [one-at-a-time sample=10] [block ms=1000]
# Needs MariaDB and Redis as for the tests; starts its own Hardhat and simulated node.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d devnet/node_modules ] || (cd devnet && npm ci --no-audit --no-fund)
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  social.gm2.lazai.mint.MintBenchmark "$@"

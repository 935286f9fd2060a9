#!/usr/bin/env bash
# RPC requests per new block of the attestation log poller against the original per-token search,
# on a local Hardhat devnet with 100 and 1,000 waiting jobs, each through a counting JSON-RPC proxy.
# Needs the test MariaDB (TEST_MARIADB_* variables, loopback root by default) and devnet/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d devnet/node_modules ] || (cd devnet && npm ci --no-audit --no-fund)
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  social.gm2.lazai.attestation.AttestationBenchmark

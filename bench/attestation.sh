#!/usr/bin/env bash
# This service's attestation tracking (its real JobComplete poller, defaults) against the original
# Node service's two attestation processors rebuilt on ethers + bullmq + mysql2
# (interop/original-attestator.js: the targeted 100-block search and its cron), both running for
# real on one Hardhat devnet, each through its own counting JSON-RPC proxy: 1,000 rewarded tokens
# whose jobs complete at planned times (most just before the reward, some long before, some after).
# Reports RPC requests per attested token, reward -> attested p50/p90/max, tokens never attested.
# Time runs BENCH_SCALE (5) times faster than real for both sides alike: 200-ms blocks, a 60-s
# cron, the service's poll interval, lease, backfill period and deadline divided by 5.
# Parameters (environment): BENCH_TOKENS (1000), BENCH_SCALE (5), BENCH_SPAN_BLOCKS (900: the
# rewards are spread over this many blocks), BENCH_EARLY_PERCENT (10), BENCH_LATE_PERCENT (10).
# The run lasts until two cron periods after the last event: about 2,100 blocks, 7 minutes at
# scale 5, plus a minute of setup. Needs the test MariaDB and Redis (TEST_* variables).
# Writes bench/results/attestation.json and prints its tables (bench/report.js).
set -euo pipefail
cd "$(dirname "$0")/.."
bash interop/install.sh --if-stale
[ -d devnet/node_modules ] || (cd devnet && npm ci --no-audit --no-fund)
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  social.gm2.lazai.attestation.AttestationBenchmark
node bench/report.js bench/results/attestation.json

#!/usr/bin/env bash
# No-op jobs/s of the Java BullMQ worker against Node bullmq 6.7.0 and 5.81.5 workers, same Redis,
# same run, at concurrency 1 and 50: one long-lived warmed process per side, BENCH_ROUNDS (5)
# rounds of BENCH_JOBS (10000) jobs each, min/median/max and the ratio of medians.
# TEST_REDIS_HOST/PORT name the Redis (127.0.0.1:6379). Writes bench/results/queue.json and prints
# its table (bench/report.js). BENCH_SHARED: say in the result whether other work shared the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash interop/install.sh --if-stale
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
java \
  -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  social.gm2.lazai.queue.bullmq.QueueBenchmark
node bench/report.js bench/results/queue.json

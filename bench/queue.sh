#!/usr/bin/env bash
# Throughput of the Java BullMQ worker against the real Node bullmq Worker, same Redis, same run:
# no-op jobs at concurrency 1 and 50, jobs/s and the Java/Node ratio. BENCH_JOBS (10000) sets the
# jobs per run, BENCH_BULLMQ (6) the Node version (5 = 5.81.5, 6 = 6.7.0); TEST_REDIS_HOST/PORT
# the Redis (127.0.0.1:6379).
set -euo pipefail
cd "$(dirname "$0")/.."
bash interop/install.sh --if-stale
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  social.gm2.lazai.queue.bullmq.QueueBenchmark

#!/usr/bin/env bash
# Encrypt + decrypt time of the Java OpenPGP code against alith (openpgp.js) on this machine, in one
# run: 1 KB, 1 MB, 10 MB and 50 MB, from and into memory on both sides, plus Java streamed via a
# file (in a 128 MB heap). Same warm-up for both; ms/op min/median/max and the ratio per size.
# Writes bench/results/crypto.json and prints its table (bench/report.js).
# BENCH_SHARED: say in the result whether other work shared the machine (e.g. "yes: 3 builds").
set -euo pipefail
cd "$(dirname "$0")/.."
bash interop/install.sh --if-stale
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
# In-memory 50 MB messages need room: plaintext, message and decrypted copy at once.
java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  social.gm2.lazai.crypto.CryptoBenchmark
node bench/report.js bench/results/crypto.json

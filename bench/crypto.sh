#!/usr/bin/env bash
# Encrypt + decrypt throughput of the Java OpenPGP code against alith (openpgp.js) on this machine,
# in one run, with the Java/alith ratio and the peak heap of a 50 MB message.
set -euo pipefail
cd "$(dirname "$0")/.."
bash interop/install.sh --if-stale
mvn -B -q -DskipTests -Dspotless.check.skip=true test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
# A small heap on purpose: a streamed 50 MB message must fit in fixed buffers.
exec java -Xmx128m -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  social.gm2.lazai.crypto.CryptoBenchmark

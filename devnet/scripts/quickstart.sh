#!/usr/bin/env bash
# The devnet quickstart: the whole service end to end on this machine with nothing but a JDK 17+,
# Maven and Node 20+ (no MariaDB, no Redis). Builds the service jar, starts Hardhat (its own process
# group) and deploys the contracts, then starts one Java process that runs the simulated
# verified-computing node and the service with the "embedded" profile (H2 file database in MySQL
# mode, in-memory queues, local IPFS store) with inference on and the simulated inference node,
# submits a sample mint and prints each state it reaches until ATTESTED, then asks the chat API one
# question about the sample's data and prints the node's answer and the fee. Then the service and its dashboard keep running until Ctrl-C (or SIGTERM), which
# stops everything this script started.
#
# Knobs (environment): QUICKSTART_PORT (service, 3003), QUICKSTART_RPC_PORT (Hardhat, 18545),
# QUICKSTART_NODE_PORT (simulated node, 8000), QUICKSTART_DIR (state: database, IPFS files, logs;
# target/quickstart, emptied at each start because the chain starts empty too), QUICKSTART_JAR (use
# this service jar instead of building one), QUICKSTART_TIMEOUT_SECONDS (how long the sample mint
# may take, 300).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORT="${QUICKSTART_PORT:-3003}"
RPC_PORT="${QUICKSTART_RPC_PORT:-18545}"
NODE_PORT="${QUICKSTART_NODE_PORT:-8000}"
DIR="$(mkdir -p "${QUICKSTART_DIR:-$ROOT/target/quickstart}" && cd "${QUICKSTART_DIR:-$ROOT/target/quickstart}" && pwd)"
export DEVNET_RUN_DIR="$DIR/devnet"
# Hardhat's published development accounts #0 (deployer, maintainer, service wallet) and #1 (node).
HARDHAT_KEY_0=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
HARDHAT_KEY_1=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d
# #3: the simulated inference node's wallet.
HARDHAT_KEY_3=0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6

say() { echo "quickstart: $*"; }
fail() { echo "quickstart: $*" >&2; exit 1; }

JAVA_PID=
DEVNET_STARTED=
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  if [[ -n "$JAVA_PID" ]] && kill -0 "$JAVA_PID" 2>/dev/null; then
    say "stopping the service and the simulated node (pid $JAVA_PID)"
    kill -TERM "$JAVA_PID" 2>/dev/null || true
    for _ in $(seq 1 400); do kill -0 "$JAVA_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$JAVA_PID" 2>/dev/null || true
    wait "$JAVA_PID" 2>/dev/null || true
  fi
  if [[ -n "$DEVNET_STARTED" ]]; then
    "$ROOT/devnet/scripts/devnet.sh" stop "$RPC_PORT" 2>&1 | sed 's/^/quickstart: /'
  fi
  say "stopped"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v java >/dev/null || fail "java (JDK 17 or newer) is not on the PATH"
command -v node >/dev/null || fail "node (Node 20 or newer) is not on the PATH"
[[ "$(node -p 'process.versions.node.split(".")[0]')" -ge 20 ]] || fail "Node 20 or newer is needed"

if [[ ! -x "$ROOT/devnet/node_modules/.bin/hardhat" ]]; then
  say "installing the devnet's Node packages (npm ci in devnet/)"
  (cd "$ROOT/devnet" && npm ci --no-audit --no-fund)
fi

JAR="${QUICKSTART_JAR:-}"
if [[ -z "$JAR" ]]; then
  command -v mvn >/dev/null || fail "mvn (Maven 3.8+) is not on the PATH"
  say "building the service (mvn -B -q -DskipTests package, log $DIR/build.log)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) >"$DIR/build.log" 2>&1 \
    || { tail -40 "$DIR/build.log" >&2; fail "the build failed (log $DIR/build.log)"; }
  JAR="$ROOT/target/lazai-dat-processor.jar"
fi
[[ -f "$JAR" ]] || fail "no service jar at $JAR"

rm -rf "$DIR/db" "$DIR/ipfs"
mkdir -p "$DIR/db" "$DIR/ipfs"
DEVNET_STARTED=1
DEPLOYMENT="$("$ROOT/devnet/scripts/devnet.sh" start "$RPC_PORT" 2> >(sed 's/^/quickstart: /' >&2))"
say "hardhat at http://127.0.0.1:$RPC_PORT, process group $(cat "$DEVNET_RUN_DIR/hardhat-$RPC_PORT.pid")"
field() { node -p "require(process.argv[1])[process.argv[2]]" "$DEPLOYMENT" "$1"; }
REGISTRY="$(field dataRegistry)"
VERIFIED_COMPUTING="$(field verifiedComputing)"
SETTLEMENT="$(field settlement)"
INFERENCE="$(field inference)"
say "contracts: DataRegistry $REGISTRY, VerifiedComputing $VERIFIED_COMPUTING, Settlement $SETTLEMENT, Inference $INFERENCE"

# Only what is set here configures the service: the original's variables from this shell or a
# .env file would point it at another database, Redis or chain.
env -u MASTER_DB -u SLAVES_DB -u REDIS -u IPFS_JWT -u APP_ENV \
  DOTENV_CONFIG_PATH="$DIR/no.env" \
  PORT="$PORT" \
  LAZAI_CONFIG="{\"privateKey\":\"$HARDHAT_KEY_0\",\"rpc\":\"http://127.0.0.1:$RPC_PORT\",\"contractAddress\":\"$VERIFIED_COMPUTING\",\"encryptionSeed\":\"Sign to retrieve your encryption key\"}" \
  LAZAI_CHAIN_DATA_REGISTRY_ADDRESS="$REGISTRY" \
  LAZAI_CHAIN_DEPLOYMENT_BLOCK="$(field deploymentBlock)" \
  LAZAI_DATABASE_EMBEDDED_FILE="$DIR/db/lazai" \
  LAZAI_STORAGE_LOCAL_DIRECTORY="$DIR/ipfs" \
  LAZAI_INFERENCE_ENABLED=true \
  LAZAI_INFERENCE_INFERENCE_ADDRESS="$INFERENCE" \
  LAZAI_INFERENCE_SETTLEMENT_ADDRESS="$SETTLEMENT" \
  QUICKSTART_INFERENCE="$INFERENCE" \
  QUICKSTART_INFERENCE_NODE_KEY="$HARDHAT_KEY_3" \
  LOGGING_FILE_NAME="$DIR/service.log" \
  LOGGING_THRESHOLD_CONSOLE=WARN \
  NODE_RPC_URL="http://127.0.0.1:$RPC_PORT" \
  NODE_DATA_REGISTRY="$REGISTRY" \
  NODE_VERIFIED_COMPUTING="$VERIFIED_COMPUTING" \
  NODE_PRIVATE_KEY="$HARDHAT_KEY_1" \
  NODE_MAINTAINER_KEY="$HARDHAT_KEY_0" \
  NODE_PORT="$NODE_PORT" \
  java -Dloader.main=social.gm2.lazai.devnet.Quickstart -cp "$JAR" \
  org.springframework.boot.loader.launch.PropertiesLauncher </dev/null &
JAVA_PID=$!
say "service and simulated node: pid $JAVA_PID (log $DIR/service.log)"
wait "$JAVA_PID"

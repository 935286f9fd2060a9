#!/usr/bin/env bash
# One-command SDK compatibility check: a fresh Hardhat node on a free loopback port, our contracts deployed
# with one VC node registered (Hardhat account #1 + a throw-away PKCS#1 RSA key), then the REAL alith 0.12.3
# Client (interop/alith-client.js) runs the whole DAT flow against it as file owner (account #2) and node
# (account #1). The node is always stopped (process group) and the temp dir removed, whatever happens.
#
#   devnet/scripts/sdk-compat.sh            stdout: alith-client.js's JSON summary; stderr: progress + timings
# Exit code = alith-client.js's (0 = every step matched); 1 = setup failed; 2 = prerequisites missing.
# Needs: `npm ci` done in devnet/ and interop/.
set -euo pipefail

DEVNET="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INTEROP="$(cd "$DEVNET/../interop" && pwd)"
T0=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - T0) / 1000000 )); }
log() { echo "sdk-compat [$(ms) ms]: $*" >&2; }

[[ -x "$DEVNET/node_modules/.bin/hardhat" ]] || { log "run 'npm ci' in $DEVNET"; exit 2; }
[[ -d "$INTEROP/node_modules/alith" ]] || { log "run 'npm ci' in $INTEROP"; exit 2; }

# Hardhat's published development keys (test only).
NODE_KEY=0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d   # account #1
NODE_ADDRESS=0x70997970C51812dc3A010C7d01b50e0d17dc79C8
OWNER_KEY=0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a  # account #2

WORK="$(mktemp -d "${TMPDIR:-/tmp}/lazai-sdk-compat.XXXXXX")"
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export DEVNET_RUN_DIR="$WORK"
cleanup() {
  local rc=$?
  "$DEVNET/scripts/devnet.sh" stop "$PORT" 2>/dev/null || true
  if [[ $rc -ne 0 && -f "$WORK/hardhat-$PORT.log" ]]; then
    log "hardhat log tail:"; tail -30 "$WORK/hardhat-$PORT.log" >&2 || true
  fi
  rm -rf "$WORK"
  log "done, exit $rc"
}
trap cleanup EXIT

node -e '
  const { generateKeyPairSync } = require("crypto");
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048,
    publicKeyEncoding: { type: "pkcs1", format: "pem" }, privateKeyEncoding: { type: "pkcs1", format: "pem" } });
  require("fs").writeFileSync(process.argv[1], publicKey);' "$WORK/node-rsa-public.pem"

log "starting hardhat on port $PORT"
DEPLOYMENT="$("$DEVNET/scripts/devnet.sh" start "$PORT" \
  --node "$NODE_ADDRESS,http://127.0.0.1:1/proof-not-served,$WORK/node-rsa-public.pem" --fee 100 | tail -1)"
log "deployed ($DEPLOYMENT); running alith Client flow"
set +e
PRIVATE_KEY="$OWNER_KEY" NODE_PRIVATE_KEY="$NODE_KEY" \
  node "$INTEROP/alith-client.js" "$DEPLOYMENT" "http://127.0.0.1:$PORT" 2> >(grep -v '^No matching error abi found' >&2)
RC=$?
set -e
log "alith-client.js exit $RC"
exit $RC

#!/usr/bin/env bash
# Local LazAI devnet: a Hardhat 2 node (chainId 133718) in its own process group + our contracts deployed on it.
#
#   scripts/devnet.sh start  [port] [deploy.js args…]   start (if not running), wait for RPC, deploy → deployment.json
#   scripts/devnet.sh stop   [port]                     stop the node's whole process group
#   scripts/devnet.sh status [port]                     exit 0 if running (prints rpc + deployment), 3 if not
#
# port defaults to 18545. State lives in $DEVNET_RUN_DIR (default devnet/.run, git-ignored):
#   hardhat-<port>.pid (= process-group id), hardhat-<port>.log, deployment.json (deployment-<port>.json when
#   port ≠ 18545). Idempotent: start on a running node only (re)deploys if its deployment file is missing;
#   stop on a stopped node is a no-op. Extra args go to deploy.js, e.g.
#   scripts/devnet.sh start 18545 --node 0x7099…79C8,http://127.0.0.1:8000,node.pem --fee 100
set -euo pipefail

DEVNET="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${DEVNET_RUN_DIR:-$DEVNET/.run}"
CMD="${1:-}"
shift || true
PORT=18545
if [[ $# -gt 0 && "$1" =~ ^[0-9]+$ ]]; then PORT="$1"; shift; fi
RPC="http://127.0.0.1:$PORT"
PID_FILE="$RUN_DIR/hardhat-$PORT.pid"
LOG_FILE="$RUN_DIR/hardhat-$PORT.log"
if [[ "$PORT" == 18545 ]]; then DEPLOYMENT="$RUN_DIR/deployment.json"; else DEPLOYMENT="$RUN_DIR/deployment-$PORT.json"; fi

log() { echo "devnet: $*" >&2; }

chain_id() {
  node -e '
    fetch(process.argv[1], { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      signal: AbortSignal.timeout(2000) })
      .then((r) => r.json()).then((j) => { console.log(j.result); })
      .catch(() => process.exit(1));' "$RPC" 2>/dev/null
}

pgid_alive() { [[ -f "$PID_FILE" ]] && kill -0 -- "-$(cat "$PID_FILE")" 2>/dev/null; }

running() { pgid_alive && [[ "$(chain_id || true)" == "0x20a56" ]]; }

do_start() {
  [[ -x "$DEVNET/node_modules/.bin/hardhat" ]] || { log "run 'npm ci' in $DEVNET first"; exit 2; }
  mkdir -p "$RUN_DIR"
  if running; then
    log "already running at $RPC (pgid $(cat "$PID_FILE"))"
  else
    if pgid_alive; then log "stale node (pgid $(cat "$PID_FILE")) not answering: stopping it"; do_stop; fi
    rm -f "$PID_FILE" "$DEPLOYMENT"
    if chain_id >/dev/null; then log "port $PORT is already serving JSON-RPC for someone else"; exit 1; fi
    local started=$SECONDS
    # setsid: the node leads a new session/process group, whose id the inner shell records before exec.
    HARDHAT_DISABLE_TELEMETRY_PROMPT=true setsid bash -c \
      'echo $$ > "$0"; cd "$1" && exec node_modules/.bin/hardhat node --hostname 127.0.0.1 --port "$2"' \
      "$PID_FILE" "$DEVNET" "$PORT" >"$LOG_FILE" 2>&1 </dev/null &
    for _ in $(seq 1 600); do
      if [[ -s "$PID_FILE" ]] && [[ "$(chain_id || true)" == "0x20a56" ]]; then break; fi
      if [[ -s "$PID_FILE" ]] && ! pgid_alive; then log "hardhat exited:"; tail -20 "$LOG_FILE" >&2; exit 1; fi
      sleep 0.1
    done
    running || { log "hardhat not ready after 60 s:"; tail -20 "$LOG_FILE" >&2; do_stop; exit 1; }
    log "hardhat node up at $RPC (pgid $(cat "$PID_FILE"), $((SECONDS - started)) s, log $LOG_FILE)"
  fi
  if [[ ! -s "$DEPLOYMENT" ]]; then
    node "$DEVNET/scripts/deploy.js" --rpc "$RPC" --out "$DEPLOYMENT" "$@"
  else
    log "deployment exists: $DEPLOYMENT (stop + start to redeploy)"
  fi
  echo "$DEPLOYMENT"
}

do_stop() {
  if [[ ! -f "$PID_FILE" ]]; then log "not running (no $PID_FILE)"; return 0; fi
  local pgid; pgid="$(cat "$PID_FILE")"
  if kill -0 -- "-$pgid" 2>/dev/null; then
    kill -TERM -- "-$pgid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 -- "-$pgid" 2>/dev/null; then kill -KILL -- "-$pgid" 2>/dev/null || true; fi
    log "stopped (pgid $pgid)"
  else
    log "not running (stale pgid $pgid)"
  fi
  rm -f "$PID_FILE" "$DEPLOYMENT"
}

do_status() {
  if running; then
    echo "running $RPC pgid $(cat "$PID_FILE") deployment $([[ -s "$DEPLOYMENT" ]] && echo "$DEPLOYMENT" || echo none)"
  else
    echo "stopped"; exit 3
  fi
}

case "$CMD" in
  start) do_start "$@" ;;
  stop) do_stop ;;
  status) do_status ;;
  *) echo "usage: $0 start|stop|status [port] [deploy.js args…]" >&2; exit 2 ;;
esac

#!/usr/bin/env node
// The REAL alith 0.12.3 Client.getRequestHeaders as an oracle for the Java SettlementHeaders (lazai-protocol §9).
//
//   PRIVATE_KEY=<user key> node settlement-headers.js < requests.json
//
// stdin: [{ "node": "0x…", "fileId": "12" | null, "nonce": "123", "javaHeaders": {…} | null }, …]
// stdout: { "alith": version, "cases": [{ "headers": <alith's getRequestHeaders(node, fileId, nonce)>,
//           "javaSigner": <alith's server-side recoverAddress(nonce, user, node, javaHeaders signature)> }],
//           "freshNonce": <a nonce alith itself generates (secureNonce), for comparing its shape> }
// No network: the Client is built with the testnet defaults, as the shared vectors were, and never connects.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { Client, ChainConfig, ContractConfig } = require("alith/lazai");
const { recoverAddress } = require(path.join(__dirname, "node_modules/alith/dist/lazai/request.js"));

const ALITH_VERSION = JSON.parse(
  fs.readFileSync(path.join(__dirname, "node_modules/alith/package.json"), "utf8"),
).version;

async function main() {
  const key = process.env.PRIVATE_KEY;
  if (!key) throw new Error("set PRIVATE_KEY");
  const requests = JSON.parse(fs.readFileSync(0, "utf8"));
  const client = new Client(ChainConfig.testnet(), ContractConfig.testnet(), key.startsWith("0x") ? key : `0x${key}`);
  const cases = [];
  for (const r of requests) {
    const fileId = r.fileId === null ? undefined : BigInt(r.fileId);
    const headers = await client.getRequestHeaders(r.node, fileId, BigInt(r.nonce));
    const java = r.javaHeaders;
    const javaSigner = java
      ? recoverAddress(BigInt(java["X-LazAI-Nonce"]), java["X-LazAI-User"], r.node, java["X-LazAI-Signature"])
      : null;
    cases.push({ headers, javaSigner });
  }
  const fresh = await client.getRequestHeaders(requests[0].node);
  process.stdout.write(JSON.stringify({ alith: ALITH_VERSION, cases, freshNonce: fresh["X-LazAI-Nonce"] }) + "\n");
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(2);
});

#!/usr/bin/env node
// The REAL alith 0.12.3 Node `Client` as the paying user of an inference node (lazai-protocol §9) on the devnet:
// its own Settlement calls fund the account, its getRequestHeaders authenticates the requests.
//
//   PRIVATE_KEY=<user key> OTHER_PRIVATE_KEY=<another key> node alith-inference.js < request.json
//
// stdin: { rpc, dataRegistry, verifiedComputing, dataAnchoringToken, settlement, inference, node, fileId,
//          question, addUser, deposit, depositInference, otherUser }   (wei amounts as decimal strings)
// Steps, in order (all results reported, the Java test judges them):
//   1. getUser(user) — reverts UserNotExists (0x0617de70) for a new user;
//   2. addUser(addUser wei), deposit(deposit wei) (Settlement.deposit), depositInference(node, depositInference);
//      getUser, getInferenceAccount(user, node) after;
//   3. node URL = getInferenceNode(node).url; POST <url>/v1/chat/completions with getRequestHeaders(node, fileId);
//   4. getInferenceAccount after the answer;
//   5. refused requests: a stale nonce (getRequestHeaders(node, fileId, account.nonce)), a wrong signature
//      (OTHER_PRIVATE_KEY's signature over the same message), a wrong user (X-LazAI-User = otherUser, signed by
//      this user).
// stdout: one JSON object; exit 0 unless the script itself crashed (2).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { Client, ChainConfig, ContractConfig } = require("alith/lazai");
const { revertData } = require("./revert-data.js");

const ALITH_VERSION = JSON.parse(
  fs.readFileSync(path.join(__dirname, "node_modules/alith/package.json"), "utf8"),
).version;

const j = (value) => JSON.parse(JSON.stringify(value, (k, v) => (typeof v === "bigint" ? `${v}` : v)));

function key(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value.startsWith("0x") ? value : `0x${value}`;
}

function account(a) {
  return { user: a.user, node: a.node, nonce: `${a.nonce}`, balance: `${a.balance}`, pendingRefund: `${a.pendingRefund}` };
}

async function post(url, headers, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(120000),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // reported as text
  }
  return { status: response.status, body: json, text: json ? undefined : text };
}

async function main() {
  const req = JSON.parse(fs.readFileSync(0, "utf8"));
  const chain = new ChainConfig("LazAI Devnet", req.rpc, 133718);
  const contracts = new ContractConfig(
    req.dataRegistry, req.verifiedComputing, req.dataAnchoringToken,
    req.inference, req.inference, req.inference, req.settlement,
  );
  const client = new Client(chain, contracts, key("PRIVATE_KEY"));
  const other = new Client(chain, contracts, key("OTHER_PRIVATE_KEY"));
  const user = client.getWallet().address;
  const out = { alith: ALITH_VERSION, user };

  try {
    await client.getUser(user);
    out.getUserBefore = "exists";
  } catch (err) {
    out.getUserBefore = revertData(err) || err.message;
  }
  out.addUser = (await client.addUser(BigInt(req.addUser))).receipt.status.toString();
  out.deposit = (await client.deposit(BigInt(req.deposit))).receipt.status.toString();
  out.depositInference = (await client.depositInference(req.node, BigInt(req.depositInference))).receipt.status.toString();
  const u = await client.getUser(user);
  out.userAfterDeposit = {
    addr: u.addr, availableBalance: `${u.availableBalance}`, totalBalance: `${u.totalBalance}`,
    inferenceNodes: u.inferenceNodes,
  };
  out.accountBefore = account(await client.getInferenceAccount(user, req.node));

  const nodeInfo = await client.getInferenceNode(req.node);
  out.nodeUrl = nodeInfo.url;
  const chatUrl = `${nodeInfo.url}/v1/chat/completions`;
  const body = { model: "any", messages: [{ role: "user", content: req.question }] };
  const fileId = req.fileId === null ? undefined : BigInt(req.fileId);

  const headers = await client.getRequestHeaders(req.node, fileId);
  out.chatHeaders = headers;
  out.chat = await post(chatUrl, headers, body);
  out.accountAfter = account(await client.getInferenceAccount(user, req.node));

  const stale = await client.getRequestHeaders(req.node, fileId, BigInt(out.accountAfter.nonce));
  out.staleNonce = await post(chatUrl, stale, body);

  const fresh = await client.getRequestHeaders(req.node, fileId);
  const forged = await other.getRequestHeaders(req.node, fileId, BigInt(fresh["X-LazAI-Nonce"]));
  out.wrongSignature = await post(chatUrl, { ...fresh, "X-LazAI-Signature": forged["X-LazAI-Signature"] }, body);

  const mine = await client.getRequestHeaders(req.node, fileId);
  out.wrongUser = await post(chatUrl, { ...mine, "X-LazAI-User": req.otherUser }, body);
  out.accountAtEnd = account(await client.getInferenceAccount(user, req.node));

  process.stdout.write(JSON.stringify(j(out)) + "\n");
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(2);
});

#!/usr/bin/env node
// Checks our Settlement and AIProcess ABIs (artifacts/*.abi.json) against the ABIs the real alith 0.12.3 Node SDK
// calls them with (../interop/node_modules/alith/dist/lazai/contracts.js: SETTLEMENT_CONTRACT_ABI,
// AI_PROCESS_CONTRACT_ABI):
//   1. every alith function exists in ours with the same selector, input/output types and names, mutability;
//   2. return values encoded with OUR ABI decode with alith's ABI through web3-eth-abi (the decoder alith uses)
//      to the same values (getAccount with refunds, getUser, getNode).
// Known, documented alith ABI bug (protocol doc §2.5): getAllUsers omits User.queryNodes — reported as "known"
// and not counted as a mismatch; our contract returns the full User struct.
//
//   node scripts/check-alith-abi.js [--alith DIR] [--quiet]
// Exit 0 = all matched; 1 = mismatch; 2 = could not run.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { Interface } = require("ethers");

const ROOT = path.resolve(__dirname, "..");
const KNOWN = { "Settlement.getAllUsers": "alith's ABI omits User.queryNodes (protocol doc §2.5)" };

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const alithDir = path.resolve(arg("--alith", path.join(ROOT, "..", "interop", "node_modules", "alith")));
const quiet = process.argv.includes("--quiet");
const results = { ok: 0, mismatch: 0, known: 0 };

function report(ok, what, detail) {
  if (ok) {
    results.ok++;
    if (!quiet) console.log(`ok       ${what}`);
  } else {
    results.mismatch++;
    console.log(`MISMATCH ${what}${detail ? `\n         ${detail}` : ""}`);
  }
}

function ours(name) {
  return new Interface(JSON.parse(fs.readFileSync(path.join(ROOT, "artifacts", `${name}.abi.json`), "utf8")));
}

// alith's output entries have no "name": normalise both sides to "" so only real differences count.
function normalise(abi) {
  const fix = (params) => (params || []).map((p) => ({ ...p, name: p.name || "", components: p.components && fix(p.components) }));
  return abi.map((f) => ({ ...f, inputs: fix(f.inputs), outputs: fix(f.outputs) }));
}

function compareFunctions(contract, alithAbi, iface) {
  const theirs = new Interface(normalise(alithAbi));
  for (const ref of theirs.fragments.filter((f) => f.type === "function")) {
    const what = `${contract}.${ref.format("sighash")} ${ref.selector}`;
    const key = `${contract}.${ref.name}`;
    const mine = iface.getFunction(ref.selector);
    if (!mine) {
      if (KNOWN[key]) {
        results.known++;
        console.log(`known    ${what}: ${KNOWN[key]}`);
      } else report(false, what, "not in our ABI");
      continue;
    }
    // pure vs view is the same call for a client (eth_call); everything else must be identical.
    const mutability = (f) => (f.stateMutability === "pure" ? "view" : f.stateMutability);
    const sig = (f) => f.format("full").replace(/ pure /, " view ");
    const same = sig(mine) === sig(ref) && mutability(mine) === mutability(ref);
    if (!same && KNOWN[key]) {
      results.known++;
      console.log(`known    ${what}: ${KNOWN[key]}`);
      continue;
    }
    report(same, what, `ours:  ${mine.format("full")} ${mine.stateMutability}\n         alith: ${ref.format("full")} ${ref.stateMutability}`);
  }
}

function resolveWeb3Abi() {
  // alith may have its own nested copy or use the hoisted one next to it.
  for (const dir of [path.join(alithDir, "node_modules"), path.join(alithDir, "..")]) {
    if (fs.existsSync(path.join(dir, "web3-eth-abi"))) return require(path.join(dir, "web3-eth-abi"));
  }
  throw new Error(`web3-eth-abi not found next to ${alithDir}`);
}

function roundTrip(web3Abi, contract, alithAbi, iface, fn, value) {
  const what = `${contract}.${fn} result encoded by ours, decoded with alith's ABI (web3-eth-abi)`;
  try {
    const data = iface.encodeFunctionResult(fn, [value]);
    const fragment = alithAbi.find((f) => f.type === "function" && f.name === fn);
    const decoded = web3Abi.decodeParameters(fragment.outputs, data)[0];
    const flat = (v, comps) =>
      comps.map((c) => {
        const x = v[c.name];
        if (c.type === "tuple[]") return x.map((e) => flat(e, c.components));
        if (c.type.startsWith("address")) return JSON.stringify(x).toLowerCase();
        return String(x);
      });
    const comps = fragment.outputs[0].components;
    const same = JSON.stringify(flat(decoded, comps)) === JSON.stringify(flat(value, comps));
    report(same, what, `decoded ${JSON.stringify(flat(decoded, comps))}`);
  } catch (err) {
    report(false, what, err.message);
  }
}

function main() {
  const contracts = require(path.join(alithDir, "dist", "lazai", "contracts.js"));
  const settlement = ours("Settlement");
  const aiProcess = ours("AIProcess");
  compareFunctions("Settlement", contracts.SETTLEMENT_CONTRACT_ABI, settlement);
  compareFunctions("AIProcess", contracts.AI_PROCESS_CONTRACT_ABI, aiProcess);

  // selectors the protocol doc §2.4/§2.5 states
  const doc = [
    ["AIProcess", "function", "getAccount", "0xfd590847"], ["AIProcess", "function", "settlementFees", "0x9256b8fc"],
    ["AIProcess", "error", "AccountNotExists", "0x08ca03ac"], ["AIProcess", "error", "InvalidUserSignature", "0x7d94de71"],
    ["AIProcess", "error", "InsufficientBalance", "0x52a16ee8"], ["AIProcess", "error", "NonceTooLow", "0xd24d82a4"],
    ["Settlement", "function", "addUser", "0x455c928c"], ["Settlement", "function", "deposit", "0xd0e30db0"],
    ["Settlement", "function", "depositInference", "0xb93ca8d9"], ["Settlement", "function", "getUser", "0x6f77926b"],
  ];
  for (const [contract, kind, name, selector] of doc) {
    const iface = contract === "AIProcess" ? aiProcess : settlement;
    const fragment = kind === "function" ? iface.getFunction(name) : iface.getError(name);
    report(fragment && fragment.selector === selector, `protocol doc: ${contract} ${kind} ${name} = ${selector}`,
      fragment ? `ours: ${fragment.format("sighash")} ${fragment.selector}` : "missing");
  }
  const balanceUpdated = aiProcess.getEvent("BalanceUpdated");
  report(balanceUpdated && balanceUpdated.format("full") ===
    "event BalanceUpdated(address indexed user, address indexed node, uint256 amount, uint256 pendingRefund)",
    "protocol doc: AIProcess event BalanceUpdated(address indexed user, address indexed node, uint256 amount, uint256 pendingRefund)");

  const web3Abi = resolveWeb3Abi();
  const a = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
  const b = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
  const account = {
    user: a, node: b, nonce: 170000000000000012345n, balance: 999n, pendingRefund: 5n,
    refunds: [{ index: 0n, amount: 5n, createdAt: 1700000000n, processed: false }, { index: 1n, amount: 0n, createdAt: 1n, processed: true }],
  };
  const user = { addr: a, availableBalance: 10n, totalBalance: 20n, queryNodes: [b], inferenceNodes: [a, b], trainingNodes: [] };
  const node = { nodeAddress: b, url: "http://127.0.0.1:8001", status: 1n, amount: 7n, jobsCount: 0n, publicKey: "pem" };
  roundTrip(web3Abi, "AIProcess", contracts.AI_PROCESS_CONTRACT_ABI, aiProcess, "getAccount", account);
  roundTrip(web3Abi, "AIProcess", contracts.AI_PROCESS_CONTRACT_ABI, aiProcess, "getNode", node);
  roundTrip(web3Abi, "Settlement", contracts.SETTLEMENT_CONTRACT_ABI, settlement, "getUser", user);

  console.log(`check-alith-abi: ${results.ok} ok, ${results.mismatch} mismatch, ${results.known} known alith ABI bug(s) (alith: ${alithDir})`);
  process.exit(results.mismatch === 0 ? 0 : 1);
}

try {
  main();
} catch (err) {
  console.error(`check-alith-abi.js: ${err.stack || err.message}`);
  process.exit(2);
}

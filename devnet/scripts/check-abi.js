#!/usr/bin/env node
// Checks the compiled ABIs (artifacts/*.abi.json) against the ground-truth ABI vectors:
//   <vectors>/abi-calls.json       every humanReadableAbi fragment (same selector/topic AND same full signature,
//                                  parameter names, mutability, indexed flags), every call's calldata, every
//                                  return value, every event log and every error's revert data re-encoded with
//                                  OUR ABI must equal the vector bytes;
//   <vectors>/proof-signature.json each ProofData encoded with the `data` component type of our addProof input
//                                  must give the vector's abi.encode bytes and keccak (the hash requestReward checks).
// Default <vectors> = ../src/test/resources/vectors (the copies under the Java test resources).
//
//   node scripts/check-abi.js [--vectors DIR] [--quiet]
// Exit 0 = everything matched; 1 = at least one mismatch (each printed as "MISMATCH …"); 2 = could not run.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { Interface, AbiCoder, ParamType, keccak256, getAddress } = require("ethers");

const ROOT = path.resolve(__dirname, "..");
const CONTRACTS = ["DataRegistry", "VerifiedComputing", "DataAnchoringToken"];

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const vectorsDir = path.resolve(arg("--vectors", path.join(ROOT, "..", "src", "test", "resources", "vectors")));
const quiet = process.argv.includes("--quiet");
const results = { ok: 0, mismatch: 0 };

function report(ok, what, detail) {
  if (ok) {
    results.ok++;
    if (!quiet) console.log(`ok       ${what}`);
  } else {
    results.mismatch++;
    console.log(`MISMATCH ${what}${detail ? `\n         ${detail}` : ""}`);
  }
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

const ifaces = {};
for (const name of CONTRACTS) {
  ifaces[name] = new Interface(readJson(path.join(ROOT, "artifacts", `${name}.abi.json`)));
}

function allFragments(kind) {
  const out = [];
  for (const [contract, iface] of Object.entries(ifaces)) {
    for (const fragment of iface.fragments) if (fragment.type === kind) out.push({ contract, fragment });
  }
  return out;
}

// ethers' full format drops names that are "" — identical for both sides.
function full(fragment) {
  return fragment.format("full");
}

function idOf(fragment) {
  if (fragment.type === "function") return fragment.selector;
  if (fragment.type === "event") return fragment.topicHash;
  if (fragment.type === "error") return fragment.selector;
  return null;
}

function positional(inputs, named) {
  return inputs.map((input) => {
    if (!(input.name in named)) throw new Error(`vector has no argument named "${input.name}"`);
    return named[input.name];
  });
}

function tryRun(what, fn) {
  try {
    fn();
  } catch (err) {
    report(false, what, err.shortMessage || err.message);
  }
}

function main() {
  const abiVectors = readJson(path.join(vectorsDir, "abi-calls.json"));
  const proofVectors = readJson(path.join(vectorsDir, "proof-signature.json"));
  const scenario = abiVectors.scenario;
  const emitterToContract = {
    [getAddress(scenario.dataRegistry)]: "DataRegistry",
    [getAddress(scenario.verifiedComputing)]: "VerifiedComputing",
    [getAddress(scenario.dataAnchoringToken)]: "DataAnchoringToken",
  };

  // 1. every human-readable fragment exists in our ABIs with the identical full signature
  const reference = new Interface(abiVectors.humanReadableAbi);
  for (const ref of reference.fragments) {
    if (ref.type === "error" && ref.name === "Error") {
      report(true, `error Error(string) is Solidity's built-in revert(string) — not declared in any ABI`);
      continue;
    }
    const id = idOf(ref);
    const ours = allFragments(ref.type).filter(({ fragment }) => idOf(fragment) === id);
    if (ours.length === 0) {
      report(false, `${ref.type} ${ref.format("sighash")} ${id}`, "not present in any compiled ABI");
      continue;
    }
    for (const { contract, fragment } of ours) {
      report(full(fragment) === full(ref), `${contract}: ${full(ref)} (${id})`, `ours: ${full(fragment)}`);
    }
  }

  // 2. calls: calldata re-encoded with our ABI
  for (const call of abiVectors.calls) {
    const what = `call ${call.contract}.${call.signature} ${call.selector}`;
    tryRun(what, () => {
      const iface = ifaces[call.contract];
      if (!iface) throw new Error(`unknown contract ${call.contract}`);
      const fragment = iface.getFunction(call.signature);
      if (!fragment) throw new Error("function missing");
      if (fragment.selector !== call.selector) throw new Error(`selector ${fragment.selector}`);
      const data = iface.encodeFunctionData(fragment, positional(fragment.inputs, call.args));
      report(data === call.calldataHex.toLowerCase(), what, `ours: ${data}`);
    });
  }

  // 3. return data re-encoded with our ABI
  for (const ret of abiVectors.returns) {
    const what = `return ${ret.function} ${ret.note ? `(${ret.note.slice(0, 60)})` : ""}`;
    tryRun(what, () => {
      const owners = allFragments("function").filter(({ fragment }) => fragment.format("sighash") === ret.function);
      if (owners.length === 0) throw new Error("function missing");
      for (const { contract, fragment } of owners) {
        const data = ifaces[contract].encodeFunctionResult(fragment, [ret.decoded.value]);
        report(data === ret.returnDataHex.toLowerCase(), `${contract}: ${what}`, `ours: ${data}`);
      }
    });
  }

  // 4. event logs re-encoded with our ABI of the emitting contract
  for (const ev of abiVectors.events) {
    const contract = emitterToContract[getAddress(ev.emitter)];
    const what = `event ${contract}.${ev.signature} ${ev.topics[0]}`;
    tryRun(what, () => {
      const iface = ifaces[contract];
      const fragment = iface.getEvent(ev.signature);
      if (!fragment) throw new Error("event missing");
      const log = iface.encodeEventLog(fragment, positional(fragment.inputs, ev.decoded));
      const same =
        log.data === ev.dataHex.toLowerCase() &&
        log.topics.length === ev.topics.length &&
        log.topics.every((t, i) => t === ev.topics[i].toLowerCase());
      report(same, what, `ours: topics ${JSON.stringify(log.topics)} data ${log.data}`);
    });
  }

  // 5. revert data re-encoded with our ABI
  for (const err of abiVectors.errors) {
    const what = `error ${err.error} ${err.selector}`;
    if (err.error === "Error(string)") {
      tryRun(what, () => {
        const data = new Interface(["error Error(string message)"]).encodeErrorResult("Error", [err.args.message]);
        report(data === err.revertDataHex.toLowerCase(), `${what} (built-in)`, `ours: ${data}`);
      });
      continue;
    }
    tryRun(what, () => {
      const owners = allFragments("error").filter(({ fragment }) => fragment.selector === err.selector);
      if (owners.length === 0) throw new Error("error not declared in any compiled ABI");
      for (const { contract, fragment } of owners) {
        const data = ifaces[contract].encodeErrorResult(fragment, positional(fragment.inputs, err.args || {}));
        report(data === err.revertDataHex.toLowerCase(), `${contract}: ${what}`, `ours: ${data}`);
      }
    });
  }

  // 6. ProofData layout of our addProof input = the signed encoding of proof-signature.json
  const addProof = ifaces.DataRegistry.getFunction("addProof");
  const dataType = ParamType.from(addProof.inputs[1].components.find((c) => c.name === "data"));
  proofVectors.cases.forEach((c, i) => {
    const what = `proof-signature case ${i}: abi.encode(ProofData) + keccak with our addProof tuple type`;
    tryRun(what, () => {
      const encoded = AbiCoder.defaultAbiCoder().encode([dataType], [c.proofData]);
      const same = encoded === c.abiEncodedHex.toLowerCase() && keccak256(encoded) === c.keccakHex.toLowerCase();
      report(same, what, `ours: ${encoded} keccak ${keccak256(encoded)}`);
    });
  });

  console.log(`check-abi: ${results.ok} ok, ${results.mismatch} mismatch (vectors: ${vectorsDir})`);
  process.exit(results.mismatch === 0 ? 0 : 1);
}

try {
  main();
} catch (err) {
  console.error(`check-abi.js: ${err.stack || err.message}`);
  process.exit(2);
}

#!/usr/bin/env node
// Compiles devnet/contracts/**/*.sol with the pinned solc-js (package.json "solc", bundled soljson — never
// downloads a compiler) and writes, for each deployable contract:
//   artifacts/<Name>.abi.json  ABI, keys sorted recursively, 2-space indent, trailing newline
//   artifacts/<Name>.bin       creation bytecode: lower-case hex WITHOUT 0x, followed by one "\n" (trim before use)
//
//   node scripts/compile.js           (re)write the artifacts
//   node scripts/compile.js --check   compile in memory; exit 1 naming every artifact that is missing or differs
//
// Determinism: source unit names are paths relative to devnet/ ("contracts/X.sol", "@openzeppelin/…"), the
// inputs are sorted, and metadata.bytecodeHash is "none", so the bytecode depends on neither absolute paths nor
// comments/whitespace — only on the code, the pinned OpenZeppelin and the pinned compiler.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const solc = require("solc");

const ROOT = path.resolve(__dirname, "..");
const CONTRACTS_DIR = path.join(ROOT, "contracts");
const ARTIFACTS_DIR = path.join(ROOT, "artifacts");
const CONTRACTS = ["DataAnchoringToken", "VerifiedComputing", "DataRegistry", "Settlement", "AIProcess"];
const EXPECTED_SOLC = require(path.join(ROOT, "package.json")).dependencies.solc;

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: "cancun",
  viaIR: false,
  metadata: { bytecodeHash: "none" },
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
};

function listSol(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSol(full));
    else if (entry.name.endsWith(".sol")) out.push(full);
  }
  return out;
}

function toPosix(p) {
  return p.split(path.sep).join("/");
}

function findImport(importPath) {
  // Only package imports reach the callback (our own files are all passed in `sources`).
  const candidates = [path.join(ROOT, "node_modules", importPath), path.join(ROOT, importPath)];
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
  }
  return { error: `import not found: ${importPath}` };
}

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}

function compile() {
  const version = solc.version();
  if (!version.startsWith(EXPECTED_SOLC + "+")) {
    throw new Error(`solc-js ${version} does not match the pinned ${EXPECTED_SOLC}; run npm ci in devnet/`);
  }
  const sources = {};
  for (const file of listSol(CONTRACTS_DIR).sort()) {
    sources[toPosix(path.relative(ROOT, file))] = { content: fs.readFileSync(file, "utf8") };
  }
  const input = { language: "Solidity", sources, settings: SETTINGS };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (output.errors || []).filter((e) => e.severity === "error");
  for (const warning of (output.errors || []).filter((e) => e.severity !== "error")) {
    process.stderr.write(warning.formattedMessage + "\n");
  }
  if (errors.length > 0) {
    throw new Error("solc errors:\n" + errors.map((e) => e.formattedMessage).join("\n"));
  }
  const files = {};
  for (const name of CONTRACTS) {
    const unit = `contracts/${name}.sol`;
    const contract = output.contracts[unit] && output.contracts[unit][name];
    if (!contract) throw new Error(`no output for ${unit}:${name}`);
    files[`${name}.abi.json`] = JSON.stringify(sortKeys(contract.abi), null, 2) + "\n";
    files[`${name}.bin`] = contract.evm.bytecode.object.toLowerCase() + "\n";
  }
  return { version, files };
}

function main() {
  const check = process.argv.includes("--check");
  const started = Date.now();
  const { version, files } = compile();
  if (check) {
    const bad = [];
    for (const [file, content] of Object.entries(files)) {
      const target = path.join(ARTIFACTS_DIR, file);
      if (!fs.existsSync(target)) bad.push(`missing: artifacts/${file}`);
      else if (fs.readFileSync(target, "utf8") !== content) bad.push(`differs: artifacts/${file}`);
    }
    if (bad.length > 0) {
      process.stderr.write(`compile --check FAILED (solc ${version}); run node scripts/compile.js and commit:\n  ${bad.join("\n  ")}\n`);
      process.exit(1);
    }
    process.stdout.write(`compile --check OK: ${Object.keys(files).length} artifacts match (solc ${version}, ${Date.now() - started} ms)\n`);
    return;
  }
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(ARTIFACTS_DIR, file), content);
  }
  process.stdout.write(`wrote ${Object.keys(files).length} artifacts to artifacts/ (solc ${version}, ${Date.now() - started} ms)\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`compile.js: ${err.message}\n`);
  process.exit(2);
}

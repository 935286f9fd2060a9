#!/usr/bin/env node
// Generates src/test/resources/vectors/password-derivation-edges.json: the password (web3.js
// privateKeyToAccount(key).sign(seed).signature) for seeds at the edges of web3.js's "is this hex?"
// rule, beyond the shared vectors. web3 4.16.0 comes pinned with alith in package-lock.json.
//   node interop/password-edges.js > src/test/resources/vectors/password-derivation-edges.json
// PasswordDerivationTest reads the file; PasswordEdgesIT runs this script and compares.
"use strict";
const fs = require("fs");
const path = require("path");
const { Web3 } = require("web3");

const WEB3_VERSION = JSON.parse(
  fs.readFileSync(path.join(__dirname, "node_modules", "web3", "package.json"), "utf8")
).version;

const KEY = "0x" + "11".repeat(32);
const SEEDS = ["Sign to retrieve your encryption key", "0X", "", "0XaB", "-0x", "0x\n", "0x0g"];
const REJECTED = ["-0x0102", "0xabc"];

const account = new Web3().eth.accounts.privateKeyToAccount(KEY);
const cases = SEEDS.map((seed) => ({ seed, password: account.sign(seed).signature }));
const rejected = REJECTED.map((seed) => {
  try {
    account.sign(seed);
    return { seed, rejected: false };
  } catch (e) {
    return { seed, rejected: true };
  }
});
const out = {
  description: "web3.js passwords for seeds at the edges of its hex rule, key 0x11…11",
  generator: "interop/password-edges.js with web3 " + WEB3_VERSION,
  privateKey: KEY,
  address: account.address,
  cases,
  rejected,
};
process.stdout.write(JSON.stringify(out, null, 2) + "\n");

#!/usr/bin/env node
// Ethereum V3 keystores written and read by the real Node libraries, as oracles for the Java keystore
// signer (src/main/java/social/gm2/lazai/signer/keystore).
//
//   node keystore.js write ethers scrypt    stdin {"key","password"} -> keystore JSON (ethers Wallet.encrypt)
//   node keystore.js write web3 scrypt      stdin {"key","password"} -> keystore JSON (web3.js accounts.encrypt)
//   node keystore.js write web3 pbkdf2      stdin {"key","password"} -> keystore JSON (web3.js, kdf pbkdf2)
//   node keystore.js read ethers <file>     stdin password          -> {"address","key"} (ethers decryptKeystoreJson)
//
// ethers 6 writes scrypt only (N = 2^17, its default); web3.js writes both KDFs (scrypt N = 8192, pbkdf2
// c = 262144, its defaults). Secrets travel on stdin, never the command line.
"use strict";
const fs = require("node:fs");
const ethers = require("ethers");
const { encrypt } = require("web3-eth-accounts");

async function write(tool, kdf, { key, password }) {
  if (tool === "ethers" && kdf === "scrypt") {
    return new ethers.Wallet(key).encrypt(password);
  }
  if (tool === "web3" && (kdf === "scrypt" || kdf === "pbkdf2")) {
    return JSON.stringify(await encrypt(key, password, { kdf }));
  }
  throw new Error(`cannot write a ${kdf} keystore with ${tool}`);
}

async function read(tool, file, password) {
  if (tool !== "ethers") {
    throw new Error(`cannot read with ${tool}`);
  }
  const account = await ethers.decryptKeystoreJson(fs.readFileSync(file, "utf8"), password);
  return JSON.stringify({ address: account.address, key: account.privateKey });
}

async function main() {
  const [command, tool, arg] = process.argv.slice(2);
  const stdin = fs.readFileSync(0, "utf8");
  if (command === "write") {
    process.stdout.write(await write(tool, arg, JSON.parse(stdin)));
  } else if (command === "read") {
    process.stdout.write(await read(tool, arg, stdin));
  } else {
    throw new Error("usage: keystore.js write <ethers|web3> <scrypt|pbkdf2> | read ethers <file>");
  }
}

main().catch((e) => {
  process.stderr.write(String(e && e.message ? e.message : e) + "\n");
  process.exit(1);
});

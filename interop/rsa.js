#!/usr/bin/env node
// node-rsa 1.1.1 as the Node SDK uses it, driven by the Java tests as the oracle for RSA key wrapping.
//
//   node rsa.js wrap   <public-pem-file>  [oaep|pkcs1]   password on stdin  -> lower-case hex on stdout
//   node rsa.js unwrap <private-pem-file> [oaep|pkcs1]   hex on stdin       -> password on stdout
//
// oaep (the default) is node-rsa's default scheme, pkcs1_oaep with sha1, exactly what the SDK calls:
// new NodeRSA(pem, 'pkcs1-public-pem').encrypt(password, 'hex'). pkcs1 is encryptionScheme 'pkcs1' (v1.5).
// The public key must be PKCS#1 ("BEGIN RSA PUBLIC KEY"); the private key may be PKCS#1 or PKCS#8.
//
// Node >= 18.19/20.11 refuses RSA_PKCS1_PADDING in crypto.privateDecrypt (CVE-2023-46809, Marvin), which
// node-rsa's default 'node' engine uses, so pkcs1 unwrapping runs node-rsa's pure-JS engine
// (environment 'browser'). Encryption always goes through Node crypto, as in the SDK.
//
// Secrets travel on stdin, never the command line, so `ps` does not show them.
"use strict";
const fs = require("node:fs");
const NodeRSA = require("node-rsa");

const SCHEMES = { oaep: "pkcs1_oaep", pkcs1: "pkcs1" };

function scheme(name = "oaep") {
  if (!SCHEMES[name]) {
    throw new Error(`unknown scheme ${name}; use oaep or pkcs1`);
  }
  return SCHEMES[name];
}

function wrap(pemFile, schemeName, password) {
  const key = new NodeRSA(fs.readFileSync(pemFile, "utf8"), "pkcs1-public-pem");
  if (scheme(schemeName) === "pkcs1") {
    key.setOptions({ encryptionScheme: "pkcs1" });
  }
  return key.encrypt(password, "hex");
}

function unwrap(pemFile, schemeName, hex) {
  const pem = fs.readFileSync(pemFile, "utf8");
  const format = pem.includes("BEGIN RSA PRIVATE KEY") ? "pkcs1-private-pem" : "pkcs8-private-pem";
  const options = scheme(schemeName) === "pkcs1" ? { encryptionScheme: "pkcs1", environment: "browser" } : {};
  const key = new NodeRSA(pem, format, options);
  return key.decrypt(Buffer.from(hex.trim().replace(/^0x/i, ""), "hex"), "utf8");
}

function main([command, pemFile, schemeName]) {
  const input = fs.readFileSync(0, "utf8");
  if (command === "wrap") {
    process.stdout.write(wrap(pemFile, schemeName, input));
  } else if (command === "unwrap") {
    process.stdout.write(unwrap(pemFile, schemeName, input));
  } else {
    throw new Error("usage: rsa.js wrap <public-pem-file> [oaep|pkcs1] | unwrap <private-pem-file> [oaep|pkcs1]");
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  console.error(e.message);
  process.exit(1);
}

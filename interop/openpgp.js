#!/usr/bin/env node
// alith's own encrypt/decrypt (openpgp.js), driven by the Java tests and benchmark as the oracle.
//
//   LAZAI_PASSWORD=… node openpgp.js encrypt <plaintext-file> <message-file>
//   LAZAI_PASSWORD=… node openpgp.js decrypt <message-file> <plaintext-file>
//   node openpgp.js bench <bytes> <rounds>      one JSON line with timings and peak memory
//
// The password comes from the environment, never the command line, so `ps` does not show it.
"use strict";
const fs = require("node:fs");
const { encrypt, decrypt } = require("alith/data");

function password() {
  const value = process.env.LAZAI_PASSWORD;
  if (value === undefined) {
    throw new Error("set LAZAI_PASSWORD");
  }
  return value;
}

async function bench(size, rounds) {
  const plaintext = new Uint8Array(size).map((_, i) => (i * 31) % 251);
  const pw = "0x" + "ab".repeat(65);
  let peak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
  };
  let encryptNs = 0n;
  let decryptNs = 0n;
  for (let i = 0; i < rounds; i++) {
    let t = process.hrtime.bigint();
    const message = await encrypt(plaintext, pw);
    encryptNs += process.hrtime.bigint() - t;
    sample();
    t = process.hrtime.bigint();
    const back = await decrypt(message, pw);
    decryptNs += process.hrtime.bigint() - t;
    sample();
    if (back.length !== size) throw new Error("round trip lost bytes");
  }
  return { size, rounds, encryptNs: Number(encryptNs), decryptNs: Number(decryptNs), peakBytes: peak };
}

async function main([command, a, b]) {
  if (command === "encrypt") {
    fs.writeFileSync(b, await encrypt(new Uint8Array(fs.readFileSync(a)), password()));
  } else if (command === "decrypt") {
    fs.writeFileSync(b, await decrypt(new Uint8Array(fs.readFileSync(a)), password()));
  } else if (command === "bench") {
    console.log(JSON.stringify(await bench(Number(a), Number(b))));
  } else {
    throw new Error("usage: openpgp.js encrypt|decrypt <in> <out> | bench <bytes> <rounds>");
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e.message);
  process.exit(1);
});

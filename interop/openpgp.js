#!/usr/bin/env node
// alith's own encrypt/decrypt (openpgp.js), driven by the Java tests and benchmark as the oracle.
//
//   LAZAI_PASSWORD=… node openpgp.js encrypt <plaintext-file> <message-file>
//   LAZAI_PASSWORD=… node openpgp.js decrypt <message-file> <plaintext-file>
//   node openpgp.js serve      benchmark peer: reads {"size":n,"warmup":w,"rounds":r} lines on
//                              stdin, answers each with one JSON line of per-round timings
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

// One long-lived process answers every size, so V8 is as warm as the JVM it is compared with:
// per request, `warmup` untimed round trips, then `rounds` timed ones (each op timed alone),
// from and into memory. peakBytes: the largest heapUsed + arrayBuffers seen after an op.
async function measure({ size, warmup, rounds }) {
  const plaintext = new Uint8Array(size).map((_, i) => (i * 31) % 251);
  const pw = "0x" + "ab".repeat(65);
  let peak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.heapUsed + m.arrayBuffers);
  };
  const encryptMs = [];
  const decryptMs = [];
  for (let i = 0; i < warmup + rounds; i++) {
    let t = process.hrtime.bigint();
    const message = await encrypt(plaintext, pw);
    const enc = Number(process.hrtime.bigint() - t) / 1e6;
    sample();
    t = process.hrtime.bigint();
    const back = await decrypt(message, pw);
    const dec = Number(process.hrtime.bigint() - t) / 1e6;
    sample();
    if (back.length !== size || back[size - 1] !== plaintext[size - 1]) {
      throw new Error("round trip lost bytes");
    }
    if (i >= warmup) {
      encryptMs.push(enc);
      decryptMs.push(dec);
    }
  }
  return { size, warmup, rounds, encryptMs, decryptMs, peakBytes: peak };
}

async function serve() {
  const lines = require("node:readline").createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim()) {
      process.stdout.write(JSON.stringify(await measure(JSON.parse(line))) + "\n");
    }
  }
}

async function main([command, a, b]) {
  if (command === "encrypt") {
    fs.writeFileSync(b, await encrypt(new Uint8Array(fs.readFileSync(a)), password()));
  } else if (command === "decrypt") {
    fs.writeFileSync(b, await decrypt(new Uint8Array(fs.readFileSync(a)), password()));
  } else if (command === "serve") {
    await serve();
  } else {
    throw new Error("usage: openpgp.js encrypt|decrypt <in> <out> | serve");
  }
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e.message);
  process.exit(1);
});

#!/usr/bin/env node
// The original Node service's mint flow, on its own libraries: alith 0.12.3's `Client` (web3.js,
// its defaults: receipts polled every second) and `encrypt` (openpgp.js), node-rsa 1.1.1 for the
// node's key, one token after another as its BullMQ worker ran them (concurrency 1). For the mint
// benchmark (bench/mint.sh), run on the same devnet and node as the service.
//
//   PRIVATE_KEY=<wallet key> node original-flow.js < {rpc, chainId, dataRegistry, verifiedComputing,
//     dataAnchoringToken, seed, tokens, warmup, size}
//
// Per token (lazai-protocol §3): password = wallet.sign(seed); encrypt; store the ciphertext;
// getFileIdByUrl / addFile; nodeFee + requestProof; fileJobIds → getJob → getNode; node-rsa
// (OAEP-SHA1, node-rsa's default) wraps the password; POST {nodeUrl}/proof; requestReward.
// Storage is an HTTP server in this process (the service's side uses its local store): Pinata's
// round trip, which the original paid, is left out, as are its MySQL writes; both favour it.
// Prints one JSON object: per-token milliseconds (warm-up excluded) and the wall time.
'use strict';
const crypto = require('node:crypto');
const http = require('node:http');
const { Client, ChainConfig, ContractConfig } = require('alith/lazai');
const { encrypt } = require('alith/data');
const NodeRSA = require('node-rsa');

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text);
}

function fileServer() {
  const files = new Map();
  const server = http.createServer((req, res) => {
    const body = files.get(req.url.split('?')[0]);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const base = `http://127.0.0.1:${server.address().port}`;
      resolve({
        server,
        put(bytes) {
          const path = `/ipfs/${crypto.createHash('sha256').update(bytes).digest('hex')}`;
          files.set(path, Buffer.from(bytes));
          return base + path;
        },
      });
    }),
  );
}

async function mintOne(client, store, seed, data) {
  const password = client.getWallet().sign(seed).signature;
  const cipher = await encrypt(data, password);
  const url = store.put(cipher);
  let fileId = await client.getFileIdByUrl(url);
  if (fileId === 0n) {
    await client.addFile(url);
    fileId = await client.getFileIdByUrl(url);
  }
  const fee = await client.nodeFee();
  await client.requestProof(fileId, fee);
  const jobIds = await client.fileJobIds(fileId);
  const jobId = jobIds[jobIds.length - 1];
  const job = await client.getJob(jobId);
  const node = await client.getNode(job.nodeAddress);
  const key = new NodeRSA(node.publicKey, 'pkcs1-public-pem').encrypt(password, 'hex');
  const answer = await fetch(node.url.replace(/\/+$/, '') + '/proof', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      job_id: Number(jobId),
      file_id: Number(fileId),
      file_url: url,
      encryption_key: key,
      encryption_seed: seed,
      nonce: null,
      proof_url: null,
    }),
  });
  if (answer.status !== 200) {
    throw new Error(`node answered ${answer.status}: ${await answer.text()}`);
  }
  await client.requestReward(fileId);
  return fileId;
}

async function main() {
  const c = await readStdin();
  const client = new Client(
    new ChainConfig('LazAI Devnet', c.rpc, c.chainId),
    new ContractConfig(c.dataRegistry, c.verifiedComputing, c.dataAnchoringToken),
    process.env.PRIVATE_KEY,
  );
  const store = await fileServer();
  const perMintMs = [];
  const total = c.warmup + c.tokens;
  let started = 0;
  for (let i = 0; i < total; i++) {
    if (i === c.warmup) started = performance.now();
    const data = crypto.randomBytes(c.size);
    const t0 = performance.now();
    await mintOne(client, store, c.seed, new Uint8Array(data));
    if (i >= c.warmup) perMintMs.push(performance.now() - t0);
  }
  const wallMs = performance.now() - started;
  store.server.close();
  process.stdout.write(JSON.stringify({ tokens: c.tokens, warmup: c.warmup, perMintMs, wallMs }) + '\n');
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e && e.stack ? e.stack : String(e));
    process.exit(2);
  },
);

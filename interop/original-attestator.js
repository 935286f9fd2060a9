#!/usr/bin/env node
// The original Node service's two attestation processors, rebuilt on ethers 6, bullmq and mysql2
// as lazai-protocol §3 step 9 and §13.9 describe them, for bench/attestation.sh:
//   lazai-fetch-attestator (one token): one eth_getLogs for JobComplete of the VerifiedComputing
//     contract over [blockNumber - 100, blockNumber] (the reward block); the log whose fileId
//     matches writes LazAIMintDAT.attestator / attestatorHash / attestatorBlockNumber and
//     Project.isAIAttested. No confirmations, no verification; nothing found: nothing happens.
//   lazai-cron-fetch-attestator (a job scheduler every ORIGINAL_CRON_MS, 300000 in the original,
//     removeOnComplete/removeOnFail): one job lazai-fetch-attestator-<tokenAddress> per
//     LazAIMintDAT row with attestatorHash IS NULL AND blockNumber IS NOT NULL.
// Assumed where the sources say nothing: the fan-out jobs are removed on completion and failure
// (so the next cron run can add them again) and the fetch worker has bullmq's default concurrency
// (1); the provider is told the network once (staticNetwork) and sends no batches, so every
// JSON-RPC call is one HTTP request that the benchmark's counting proxy sees.
//
// Prints JSON lines: {"ready":true} once both workers run, {"attested":token,"at":epochMs,
// "tx":hash,"block":n} per attestation written, {"cron":epochMs,"enqueued":n,"backlog":m} per cron
// run (backlog: fetch jobs still waiting or active from earlier runs when it started).
// Stops when its standard input closes (or on SIGTERM).
// Environment: RPC_URL, VERIFIED_COMPUTING, MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_PASSWORD,
// MYSQL_DATABASE, TEST_REDIS_HOST, TEST_REDIS_PORT, QUEUE_PREFIX, ORIGINAL_CRON_MS, BULLMQ (5 | 6).
'use strict';
const { ethers } = require('ethers');
const mysql = require('mysql2/promise');

const env = (name, fallback) => {
  const value = process.env[name];
  if (value === undefined || value === '') {
    if (fallback === undefined) throw new Error(`set ${name}`);
    return fallback;
  }
  return value;
};

const { Queue, Worker } = env('BULLMQ', '5') === '5' ? require('bullmq5') : require('bullmq');
const FETCH = 'lazai-fetch-attestator';
const CRON = 'lazai-cron-fetch-attestator';
const WINDOW = 100;
const JOB_COMPLETE = 'event JobComplete(address indexed attestator, uint256 indexed jobId, uint256 indexed fileId)';

const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');

async function main() {
  const provider = new ethers.JsonRpcProvider(env('RPC_URL'), undefined, {
    staticNetwork: true,
    batchMaxCount: 1,
  });
  const vc = new ethers.Contract(env('VERIFIED_COMPUTING'), [JOB_COMPLETE], provider);
  const db = mysql.createPool({
    host: env('MYSQL_HOST', '127.0.0.1'),
    port: Number(env('MYSQL_PORT', '3306')),
    user: env('MYSQL_USER', 'root'),
    password: env('MYSQL_PASSWORD', ''),
    database: env('MYSQL_DATABASE'),
    connectionLimit: 10,
  });
  const connection = {
    host: env('TEST_REDIS_HOST', '127.0.0.1'),
    port: Number(env('TEST_REDIS_PORT', '6379')),
    maxRetriesPerRequest: null,
  };
  const prefix = env('QUEUE_PREFIX');
  const fetchQueue = new Queue(FETCH, { connection, prefix });
  const cronQueue = new Queue(CRON, { connection, prefix });

  // lazai-fetch-attestator: the targeted search around the reward block.
  const fetchWorker = new Worker(
    FETCH,
    async (job) => {
      const { tokenAddress, blockNumber, fileId } = job.data;
      const to = Number(blockNumber);
      const events = await vc.queryFilter(vc.filters.JobComplete(), Math.max(0, to - WINDOW), to);
      const found = events.find((e) => e.args.fileId === BigInt(fileId));
      if (!found) return null;
      await db.execute(
        'UPDATE LazAIMintDAT SET attestator = ?, attestatorHash = ?, attestatorBlockNumber = ? WHERE tokenAddress = ?',
        [found.args.attestator, found.transactionHash, found.blockNumber, tokenAddress],
      );
      await db.execute('UPDATE Project SET isAIAttested = 1 WHERE tokenAddress = ?', [tokenAddress]);
      print({ attested: tokenAddress, at: Date.now(), tx: found.transactionHash, block: found.blockNumber });
      return found.transactionHash;
    },
    { connection, prefix },
  );

  // lazai-cron-fetch-attestator: one targeted job per row still without an attestation.
  const cronWorker = new Worker(
    CRON,
    async () => {
      // Not part of the original: how many fetch jobs the previous runs left undone, so that the
      // benchmark can show whether the scaled cron period left the fetch worker enough time.
      const left = await fetchQueue.getJobCounts('waiting', 'active', 'delayed');
      const backlog = left.waiting + left.active + left.delayed;
      const [rows] = await db.query(
        'SELECT tokenAddress, blockNumber, fileId FROM LazAIMintDAT WHERE attestatorHash IS NULL AND blockNumber IS NOT NULL',
      );
      for (const row of rows) {
        await fetchQueue.add(
          FETCH,
          { tokenAddress: row.tokenAddress, blockNumber: row.blockNumber, fileId: row.fileId },
          { jobId: `${FETCH}-${row.tokenAddress}`, removeOnComplete: true, removeOnFail: true },
        );
      }
      print({ cron: Date.now(), enqueued: rows.length, backlog });
      return rows.length;
    },
    { connection, prefix },
  );

  for (const w of [fetchWorker, cronWorker]) {
    w.on('failed', (job, err) => process.stderr.write(`${w.name} job ${job && job.id} failed: ${err}\n`));
    w.on('error', (err) => process.stderr.write(`${w.name}: ${err}\n`));
  }
  await Promise.all([fetchWorker.waitUntilReady(), cronWorker.waitUntilReady()]);
  await cronQueue.upsertJobScheduler(
    CRON,
    { every: Number(env('ORIGINAL_CRON_MS', '300000')) },
    { name: CRON, data: {}, opts: { removeOnComplete: true, removeOnFail: true } },
  );
  print({ ready: true });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all([fetchWorker.close(), cronWorker.close()]);
    await Promise.all([fetchQueue.close(), cronQueue.close()]);
    await db.end();
    provider.destroy();
    process.exit(0);
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});

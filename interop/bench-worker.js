// Benchmark peer: a Node BullMQ Worker with a no-op processor on an already filled queue.
// Usage: node bench-worker.js <version 5|6> <prefix> <queue> <jobs> <concurrency>
// Prints {"jobs":n,"ms":elapsed} once n jobs completed, timed from the worker's start.
'use strict';
const [version, prefix, queue, jobs, concurrency] = process.argv.slice(2);
const { Worker } = version === '5' ? require('bullmq5') : require('bullmq');
const connection = {
  host: process.env.TEST_REDIS_HOST || '127.0.0.1',
  port: Number(process.env.TEST_REDIS_PORT || 6379),
  maxRetriesPerRequest: null,
};

(async () => {
  const total = Number(jobs);
  const worker = new Worker(queue, async () => null, {
    connection,
    prefix,
    concurrency: Number(concurrency),
    autorun: false,
  });
  await worker.waitUntilReady();
  let done = 0;
  let started;
  const finished = new Promise((resolve) => {
    worker.on('completed', () => {
      done += 1;
      if (done === total) resolve(performance.now() - started);
    });
  });
  started = performance.now();
  worker.run();
  const ms = await finished;
  process.stdout.write(JSON.stringify({ jobs: total, ms }));
  await worker.close();
  process.exit(0);
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});

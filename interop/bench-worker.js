// Benchmark peer: one long-lived Node process that runs a bullmq Worker with a no-op processor per
// round, driven by JSON lines on stdin, exactly as the Java benchmark runs its own worker:
//   {"cmd":"prepare","queue":q,"concurrency":c}  creates the Worker (autorun off) on the already
//                                                filled queue and waits until it is connected
//                                                -> {"ready":true}
//   {"cmd":"go"}                                 starts it                   -> {"running":true}
//   {"cmd":"close"}                              closes it once drained      -> {"completed":n}
// The Java side times from just before "go" until the queue is drained, for both workers alike.
// Usage: node bench-worker.js <version 5|6> <prefix>
'use strict';
const readline = require('node:readline');

const [version, prefix] = process.argv.slice(2);
const { Worker } = version === '5' ? require('bullmq5') : require('bullmq');
const connection = {
  host: process.env.TEST_REDIS_HOST || '127.0.0.1',
  port: Number(process.env.TEST_REDIS_PORT || 6379),
  maxRetriesPerRequest: null,
};

let worker = null;
let completed = 0;
let running = null;

const reply = (answer) => process.stdout.write(JSON.stringify(answer) + '\n');

async function handle(request) {
  if (request.cmd === 'prepare') {
    completed = 0;
    worker = new Worker(request.queue, async () => null, {
      connection,
      prefix,
      concurrency: Number(request.concurrency),
      autorun: false,
    });
    worker.on('completed', () => {
      completed += 1;
    });
    await worker.waitUntilReady();
    reply({ ready: true });
  } else if (request.cmd === 'go') {
    running = worker.run();
    reply({ running: true });
  } else if (request.cmd === 'close') {
    await worker.close();
    await running;
    worker = null;
    reply({ completed });
  } else {
    throw new Error('unknown command ' + JSON.stringify(request));
  }
}

(async () => {
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line.trim()) {
      await handle(JSON.parse(line));
    }
  }
  process.exit(0);
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});

// The real BullMQ (5.81.5 as "bullmq5", 6.7.0 as "bullmq") and Bull Board's API, driven by the
// Java interop tests. One JSON command on stdin, one JSON answer on stdout.
//   {"cmd":"produce", version, prefix, queue, jobs:[{name,data,opts}], timeoutMs}
//       adds the jobs with Queue.add, listens with QueueEvents until each is completed or failed,
//       and answers each job as Node reads it plus the events seen for it
//   {"cmd":"work", version, prefix, queue, expect, concurrency, timeoutMs}
//       runs a Node Worker until `expect` jobs have completed or failed for good; data.fail makes
//       the first `fail` attempts throw
//   {"cmd":"stall", version, prefix, queue}
//       a Node Worker (1 s locks) that prints "started <id>" for each job and never finishes it:
//       a process for the tests to SIGKILL
//   {"cmd":"add", version, prefix, queue, jobs:[{name,data,opts}]}
//       adds the jobs with Queue.add and answers their ids at once (waits for nothing)
//   {"cmd":"jobs", version, prefix, queue, ids}
//       each job as Node reads it (state, returnvalue, attempts, timestamps), the queue's counts,
//       and whether it is paused
//   {"cmd":"board", version, prefix, queue}
//       what Bull Board's BullMQAdapter reports: counts and formatted completed/failed jobs
//   {"cmd":"repeat", version, prefix, queue, jobs:[{name,data,opts}]}
//       adds the jobs (opts.repeat: a repeatable job, as the original service scheduled its cron)
//       and answers what Node then sees: repeatable jobs, job schedulers and delayed jobs
//   {"cmd":"repeatables", version, prefix, queue}
//       answers that view only
'use strict';
const { BullMQAdapter } = require('@bull-board/api/bullMQAdapter');
const { formatJob } = require('@bull-board/api/dist/handlers/queues.js');

const connection = {
  host: process.env.TEST_REDIS_HOST || '127.0.0.1',
  port: Number(process.env.TEST_REDIS_PORT || 6379),
  maxRetriesPerRequest: null,
};

function lib(version) {
  return version === '5' ? require('bullmq5') : require('bullmq');
}

async function readStdin() {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  return JSON.parse(text);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} not done within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function describe(queue, id) {
  const job = await queue.getJob(id);
  if (!job) return { id, state: 'missing' };
  return {
    id: job.id,
    name: job.name,
    data: job.data,
    state: await job.getState(),
    attemptsMade: job.attemptsMade,
    attemptsStarted: job.attemptsStarted,
    returnvalue: job.returnvalue,
    failedReason: job.failedReason,
    stacktrace: job.stacktrace,
    processedBy: job.processedBy,
    timestamp: job.timestamp,
    processedOn: job.processedOn,
    finishedOn: job.finishedOn,
  };
}

async function produce(c) {
  const { Queue, QueueEvents } = lib(c.version);
  const queue = new Queue(c.queue, { connection, prefix: c.prefix });
  // From the stream's start, not '$': the queue is new, and the Java worker may write its first
  // events before QueueEvents' first XREAD.
  const events = new QueueEvents(c.queue, { connection, prefix: c.prefix, lastEventId: '0-0' });
  await events.waitUntilReady();
  const seen = {};
  const finals = new Set();
  let resolveAll;
  const allDone = new Promise((r) => (resolveAll = r));
  const ids = [];
  const record = (name) => (args, streamId) => {
    const id = args.jobId;
    (seen[id] = seen[id] || []).push({ event: name, at: Number(streamId.split('-')[0]), ...args });
    if (name === 'completed' || name === 'failed') {
      finals.add(id);
      if (ids.length === c.jobs.length && ids.every((j) => finals.has(j))) resolveAll();
    }
  };
  for (const e of ['active', 'completed', 'failed', 'delayed', 'waiting', 'retries-exhausted', 'stalled', 'duplicated']) {
    events.on(e, record(e));
  }
  for (const j of c.jobs) {
    const job = await queue.add(j.name, j.data, j.opts || {});
    ids.push(job.id);
  }
  if (ids.every((j) => finals.has(j))) resolveAll();
  await withTimeout(allDone, c.timeoutMs || 30000, 'jobs');
  const jobs = [];
  for (const id of ids) jobs.push({ ...(await describe(queue, id)), events: seen[id] || [] });
  const counts = await queue.getJobCounts();
  await events.close();
  await queue.close();
  return { ids, jobs, counts };
}

async function add(c) {
  const { Queue } = lib(c.version);
  const queue = new Queue(c.queue, { connection, prefix: c.prefix });
  const ids = [];
  for (const j of c.jobs) ids.push((await queue.add(j.name, j.data, j.opts || {})).id);
  await queue.close();
  return { ids };
}

async function jobs(c) {
  const { Queue } = lib(c.version);
  const queue = new Queue(c.queue, { connection, prefix: c.prefix });
  const found = [];
  for (const id of c.ids) found.push(await describe(queue, id));
  const counts = await queue.getJobCounts();
  const paused = await queue.isPaused();
  await queue.close();
  return { jobs: found, counts, paused };
}

async function work(c) {
  const { Worker, Queue } = lib(c.version);
  const attempts = {};
  let finals = 0;
  let resolveAll;
  const allDone = new Promise((r) => (resolveAll = r));
  const worker = new Worker(
    c.queue,
    async (job) => {
      (attempts[job.id] = attempts[job.id] || []).push(Date.now());
      if ((job.data.fail || 0) > job.attemptsMade) throw new Error(`node boom ${job.attemptsMade}`);
      return { node: true, id: job.id, name: job.name };
    },
    { connection, prefix: c.prefix, concurrency: c.concurrency || 1, name: 'node-w1' },
  );
  const done = () => {
    finals += 1;
    if (finals >= c.expect) resolveAll();
  };
  worker.on('completed', done);
  worker.on('failed', (job) => {
    if (job && job.attemptsMade >= (job.opts.attempts || 1)) done();
  });
  await withTimeout(allDone, c.timeoutMs || 30000, 'work');
  await worker.close();
  const queue = new Queue(c.queue, { connection, prefix: c.prefix });
  const jobs = [];
  for (const id of Object.keys(attempts)) jobs.push({ ...(await describe(queue, id)), attempts: attempts[id] });
  await queue.close();
  return { jobs };
}

async function stall(c) {
  const { Worker } = lib(c.version);
  const worker = new Worker(
    c.queue,
    (job) => {
      process.stdout.write(`started ${job.id}\n`);
      return new Promise(() => {});
    },
    { connection, prefix: c.prefix, lockDuration: 1000, stalledInterval: 1000, name: 'node-doomed' },
  );
  await worker.waitUntilReady();
  return new Promise(() => {});
}

async function board(c) {
  const { Queue } = lib(c.version);
  const queue = new Queue(c.queue, { connection, prefix: c.prefix });
  const adapter = new BullMQAdapter(queue);
  const counts = await adapter.getJobCounts();
  const listed = await adapter.getJobs(['completed', 'failed'], 0, 100);
  const jobs = listed.map((job) => formatJob(job, adapter));
  const workers = (await adapter.getWorkers()) || [];
  await queue.close();
  return { counts, jobs, workers: workers.map((w) => w.name) };
}

async function repeatables(c) {
  const { Queue } = lib(c.version);
  const queue = new Queue(c.queue, { connection, prefix: c.prefix });
  const answer = {
    repeatable: queue.getRepeatableJobs ? await queue.getRepeatableJobs() : [],
    schedulers: queue.getJobSchedulers ? await queue.getJobSchedulers() : [],
    delayed: (await queue.getDelayed()).map((j) => ({ id: j.id, name: j.name })),
  };
  await queue.close();
  return answer;
}

async function repeat(c) {
  const { Queue } = lib(c.version);
  const queue = new Queue(c.queue, { connection, prefix: c.prefix });
  for (const j of c.jobs) await queue.add(j.name, j.data, j.opts);
  await queue.close();
  return repeatables(c);
}

(async () => {
  const c = await readStdin();
  const answer = await { produce, add, jobs, work, stall, board, repeat, repeatables }[c.cmd](c);
  // Exit once the answer is flushed: writes to a pipe are asynchronous, and exiting at once cuts
  // a long answer short.
  process.stdout.write(JSON.stringify(answer), () => process.exit(0));
})().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});

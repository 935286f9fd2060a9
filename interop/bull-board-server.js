// A real Node Bull Board (@bull-board/api's createBullBoard and BullMQAdapter over bullmq 6, served
// by @bull-board/express on express 5) for BullBoardIT to compare with the service's: it serves
// the queues in QUEUES (comma-separated) under the key prefix PREFIX on the test Redis, at / on a
// free port of 127.0.0.1. Prints {"listening": <port>} once it listens; exits when its standard
// input closes.
'use strict';
const express = require('express');
const { Queue } = require('bullmq');
const { createBullBoard } = require('@bull-board/api');
const { BullMQAdapter } = require('@bull-board/api/bullMQAdapter');
const { ExpressAdapter } = require('@bull-board/express');

const connection = {
  host: process.env.TEST_REDIS_HOST || '127.0.0.1',
  port: Number(process.env.TEST_REDIS_PORT || 6379),
  maxRetriesPerRequest: null,
};

function env(name) {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
}

const queues = env('QUEUES')
  .split(',')
  .map((name) => new Queue(name, { connection, prefix: env('PREFIX') }));
const serverAdapter = new ExpressAdapter();
serverAdapter.setBasePath('/');
createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
const app = express();
app.use('/', serverAdapter.getRouter());
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ listening: server.address().port })}\n`);
});

process.stdin.on('data', () => {});
process.stdin.on('end', async () => {
  server.close();
  await Promise.all(queues.map((q) => q.close()));
  process.exit(0);
});

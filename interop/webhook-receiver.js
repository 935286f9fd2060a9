// A webhook subscriber for the Java tests: an HTTP server that verifies every request with the
// official Standard Webhooks library (npm standardwebhooks) and records what it accepted.
//   node webhook-receiver.js <port>      with SECRETS='{"/path":"whsec_...",...}' in the environment
//                                        and FAIL_FIRST=n: the first n verified requests are recorded,
//                                        then answered 500 (the sender must send them again: duplicates
//                                        with the same id)
// Prints {"listening":port} once listening, then answers one JSON command per stdin line:
//   {"cmd":"received"}          -> {"accepted":[{path,id,timestamp,type,body}], "rejected":[{path,reason}]}
// A request whose signature or timestamp does not verify is answered 400 and recorded as rejected.
'use strict';
const http = require('http');
const readline = require('readline');
const { Webhook } = require('standardwebhooks');

const port = Number(process.argv[2]);
const secrets = JSON.parse(process.env.SECRETS || '{}');
const accepted = [];
const rejected = [];
let failNext = Number(process.env.FAIL_FIRST || 0);

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const secret = secrets[req.url];
    if (req.method !== 'POST' || !secret) {
      rejected.push({ path: req.url, reason: 'no subscriber at ' + req.method + ' ' + req.url });
      res.writeHead(404).end();
      return;
    }
    let event;
    try {
      event = new Webhook(secret).verify(body, req.headers);
    } catch (e) {
      rejected.push({ path: req.url, reason: String(e.message || e) });
      res.writeHead(400).end('bad signature');
      return;
    }
    accepted.push({
      path: req.url,
      id: req.headers['webhook-id'],
      timestamp: req.headers['webhook-timestamp'],
      contentType: req.headers['content-type'],
      type: event.type,
      body,
    });
    if (failNext > 0) {
      failNext--;
      res.writeHead(500).end('try again');
      return;
    }
    res.writeHead(204).end();
  });
});

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ listening: port }) + '\n');
});

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line);
  if (command.cmd === 'received') {
    process.stdout.write(JSON.stringify({ accepted, rejected }) + '\n');
  } else {
    process.stdout.write(JSON.stringify({ error: 'unknown command ' + command.cmd }) + '\n');
  }
}).on('close', () => server.close(() => process.exit(0)));

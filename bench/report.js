#!/usr/bin/env node
// Renders the markdown tables of the benchmark results (bench/results/<name>.json), so that the
// docs quote the result files instead of hand-typed numbers. No dependencies.
//
//   node bench/report.js bench/results/crypto.json ...   prints each file's section
//   node bench/report.js --write docs/benchmarks-peers.md
//       replaces every block between <!-- bench:NAME --> and <!-- /bench:NAME --> with the
//       section of bench/results/NAME.json
//   node bench/report.js --check docs/benchmarks-peers.md
//       exits 1 if a block differs from what --write would put there
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const RESULTS = path.join(__dirname, 'results');

function num(x) {
  const a = Math.abs(x);
  if (a >= 99.5) return x.toFixed(0);
  if (a >= 9.995) return x.toFixed(1);
  return x.toFixed(2);
}

const times = (x) => `${x.toFixed(2)}×`;
const mmm = (s) => `${num(s.min)} / ${num(s.median)} / ${num(s.max)}`;

function table(header, rows) {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function machine(r) {
  const m = r.machine;
  const load = (l) => (l && l.length ? l.map((x) => x.toFixed(2)).join(' / ') : 'n/a');
  const versions = Object.entries(r.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return (
    `Measured ${r.finishedAt.slice(0, 16).replace('T', ' ')} UTC with \`${r.command}\` on ` +
    `${m.cores} cores (${m.cpuModel}), ${(m.ramMiB / 1024).toFixed(0)} GiB RAM, ${m.os}; ` +
    `load average (1 / 5 / 15 min) ${load(m.loadAverageAtStart)} at the start, ` +
    `${load(m.loadAverageAtEnd)} at the end; shared with other work: ${m.sharedWithOtherWork}. ` +
    `Versions: ${versions}.`
  );
}

function crypto(r) {
  const rows = [];
  for (const s of r.sizes) {
    const ratio = (q) => `${times(q.encryptMs)} / ${times(q.decryptMs)} / ${times(q.roundTripMs)}`;
    const line = (name, row, q) => [
      s.label,
      name,
      mmm(row.encryptMs),
      mmm(row.decryptMs),
      num(row.roundTripMs.median),
      q ? ratio(q) : '1×',
    ];
    rows.push(line('Java, in memory', s.java, s.alithOverJava));
    rows.push(line('alith (openpgp.js), in memory', s.alith, null));
    rows.push(line('Java, streamed via file', s.javaStreamed, s.alithOverJavaStreamed));
  }
  return table(
    [
      'size',
      'implementation',
      'encrypt ms/op (min / median / max)',
      'decrypt ms/op (min / median / max)',
      'round trip ms (median)',
      'alith ÷ row, medians (enc / dec / round trip)',
    ],
    rows,
  );
}

function queue(r) {
  const rows = [];
  const names = {
    java: 'Java worker',
    bullmq6: `Node bullmq ${r.versions.bullmq6}`,
    bullmq5: `Node bullmq ${r.versions.bullmq5}`,
  };
  for (const c of r.concurrency) {
    for (const key of ['java', 'bullmq6', 'bullmq5']) {
      rows.push([
        c.concurrency,
        names[key],
        mmm(c[key].jobsPerSecond),
        num(c[key].warmupJobsPerSecond),
        key === 'java' ? '1×' : times(c.javaOverNode[key]),
      ]);
    }
  }
  return table(
    [
      'concurrency',
      'worker',
      `jobs/s over ${r.parameters.rounds} rounds (min / median / max)`,
      'warm-up round jobs/s',
      'Java ÷ worker (medians)',
    ],
    rows,
  );
}

function attestation(r) {
  const k = r.parameters.scale;
  const sides = [
    ['service', 'this service (log poller, defaults scaled)'],
    ['original', 'original (Node, ethers, cron + 100-block window)'],
  ];
  const secs = (ms) => num(ms / 1000);
  const lat = (l, f) => (l ? `${secs(l.p50 * f)} / ${secs(l.p90 * f)} / ${secs(l.max * f)}` : 'n/a');
  const main = table(
    [
      'side',
      'attested',
      'never attested',
      'RPC requests',
      'RPC requests per attested token',
      'reward → ATTESTED s, as run (p50 / p90 / max)',
      `same ×${k}: unscaled time (p50 / p90 / max)`,
    ],
    sides.map(([key, name]) => {
      const s = r.sides[key];
      return [
        name,
        s.attested,
        s.neverAttested,
        s.rpc.total,
        num(s.rpc.perAttestedToken),
        lat(s.latencyMs, 1),
        lat(s.latencyMs, k),
      ];
    }),
  );
  const categories = table(
    [
      'JobComplete relative to the reward block',
      'tokens',
      'service: attested (p50 s, as run)',
      'original: attested (p50 s, as run)',
    ],
    r.categories.map((c) => [
      c.description,
      c.tokens,
      `${c.service.attested} (${c.service.latencyMs ? secs(c.service.latencyMs.p50) : 'n/a'})`,
      `${c.original.attested} (${c.original.latencyMs ? secs(c.original.latencyMs.p50) : 'n/a'})`,
    ]),
  );
  const methods = [...new Set(sides.flatMap(([key]) => Object.keys(r.sides[key].rpc.byMethod)))].sort();
  const perMethod = table(
    ['side', ...methods.map((m) => `\`${m}\``)],
    sides.map(([key]) => [key, ...methods.map((m) => r.sides[key].rpc.byMethod[m] || 0)]),
  );
  const run = r.run;
  const check =
    `Run: ${run.blocks} blocks in ${secs(run.durationMs)} s (${num(run.averageBlockMs)} ms per block); ` +
    `the original's cron ran ${run.originalCronRuns} times and asked for ${run.originalFetchJobsAsked} ` +
    `fetch jobs. Scaling check: the service's poller stepped every ${num(run.blocksPerServicePollStep)} ` +
    `blocks (its poll interval is ${k === 1 ? '' : 'a scaled '}5 blocks, plus its own processing time); ` +
    `when a cron run started, at most ${run.originalMaxFetchBacklogAtCron} fetch jobs of earlier runs ` +
    `were still waiting (0: the original's worker kept up with its scaled cron).`;
  return [main, categories, perMethod, check].join('\n\n');
}

function mint(r) {
  const p = r.parameters;
  const p90 = (s) => {
    const v = [...s.values].sort((a, b) => a - b);
    return v[Math.max(0, Math.ceil(0.9 * v.length) - 1)];
  };
  const secs = (s) => `${num(s.median / 1000)} / ${num(p90(s) / 1000)} / ${num(s.max / 1000)}`;
  const settings = (row) =>
    row.settings && Object.keys(row.settings).length
      ? Object.entries(row.settings)
          .map(([k, v]) => `\`${k}=${typeof v === 'object' ? JSON.stringify(v) : v}\``)
          .join(', ')
      : 'none';
  const rows = [];
  for (const row of r.rows) {
    if (row.burst) {
      rows.push([
        `${row.name}: one at a time`,
        settings(row),
        row.oneAtATime.tokens,
        '',
        secs(row.oneAtATime.latencyMs),
        '',
      ]);
      rows.push([
        `${row.name}: burst`,
        settings(row),
        row.tokens,
        num(row.mintsPerMinute),
        `${secs(row.burst.latencyMs)}; taken → done ${secs(row.burst.runLatencyMs)}`,
        times(row.vsOriginal),
      ]);
    } else {
      rows.push([row.name, 'its own', row.tokens, num(row.mintsPerMinute), secs(row.latencyMs), '1×']);
    }
  }
  const defaults = r.rows.find((row) => row.burstLatencyVsOneAtATime !== undefined);
  const note =
    `Devnet: Hardhat with one block every ${p.blockMillis} ms, the simulated node; ${p.dataBytes}-byte ` +
    `files; ${p.warmup} warm-up mints per side, untimed. A service row's latency is BullMQ's: the ` +
    `job's \`timestamp\` (added) to its \`finishedOn\` (the job completes once its mint is ` +
    `REWARDED), and in a burst also from \`processedOn\` (taken by a worker, i.e. the mint's own ` +
    `run, without the wait for a free worker). With the defaults, a burst job's median time from ` +
    `added to done is ${times(defaults.burstLatencyVsOneAtATime)} the one-at-a-time median, from ` +
    `taken to done ${times(defaults.burstRunLatencyVsOneAtATime)}.`;
  return [
    table(
      ['run', 'settings', 'tokens', 'mints/min', 'latency s (median / p90 / max)', 'vs the original flow'],
      rows,
    ),
    note,
  ].join('\n\n');
}

const RENDER = { crypto, queue, attestation, mint };

function section(file) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!RENDER[r.benchmark]) throw new Error(`${file}: no renderer for "${r.benchmark}"`);
  return `${RENDER[r.benchmark](r)}\n\n${machine(r)}`;
}

function rewrite(doc) {
  return doc.replace(
    /(<!-- bench:([a-z-]+) -->\n)[\s\S]*?(<!-- \/bench:\2 -->)/g,
    (_, open, name, close) => `${open}${section(path.join(RESULTS, `${name}.json`))}\n${close}`,
  );
}

function main(args) {
  if (args[0] === '--write' || args[0] === '--check') {
    const doc = fs.readFileSync(args[1], 'utf8');
    const fresh = rewrite(doc);
    if (args[0] === '--write') {
      fs.writeFileSync(args[1], fresh);
    } else if (fresh !== doc) {
      console.error(`${args[1]} is not what bench/results renders: run node bench/report.js --write ${args[1]}`);
      process.exit(1);
    }
    return;
  }
  if (args.length === 0) {
    throw new Error('usage: report.js <result.json>... | --write <doc.md> | --check <doc.md>');
  }
  for (const file of args) {
    console.log(section(file) + '\n');
  }
}

main(process.argv.slice(2));

// Bull Board over the queues of a queue-runner configuration, on loopback only.
// scripts/dashboard installs the pinned packages beside this file and starts it.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import express from 'express';

const usage = `usage: scripts/dashboard --config FILE [--port N] [--redis URL] [--prefix P] [--read-only]
  Serves Bull Board on http://127.0.0.1:N/ (default 3000; 0 takes a free port) for the
  configuration's queues and their dead-letter queues, and prints the URL.`;

function fail(message, code) {
  process.stderr.write(`dashboard: ${message}\n`);
  process.exit(code);
}

/** The configuration's text without its // and /* *\/ comments (queue-runner reads JSON with comments). */
function stripComments(text) {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '"') {
      // Copy a string whole, escapes included, so that "//" inside one stays.
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

let args;
try {
  args = parseArgs({
    options: {
      config: { type: 'string' },
      port: { type: 'string', default: '3000' },
      redis: { type: 'string' },
      prefix: { type: 'string' },
      'read-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (error) {
  fail(`${error.message}\n${usage}`, 64);
}
if (args.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
if (!args.config) fail(`--config is required\n${usage}`, 64);
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a port number (0 to 65535)', 64);

let config;
try {
  config = JSON.parse(stripComments(readFileSync(args.config, 'utf8')));
} catch (error) {
  fail(`${args.config}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, error.code === 'ENOENT' ? 66 : 78);
}
if (typeof config?.queues !== 'object' || config.queues === null || Array.isArray(config.queues)) {
  fail(`${args.config}: /queues must be an object naming the queues`, 78);
}
// The same order as queue-runner: --redis, the configuration's, REDIS_URL, the local default.
const redisUrl = args.redis ?? config.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = args.prefix ?? config.prefix ?? 'bull';
const names = Object.keys(config.queues);
const deadLetterNames = [...new Set(names.map((name) => config.queues[name]?.dead_letter ?? 'dead-letter'))];

const queues = [...names, ...deadLetterNames.filter((name) => !names.includes(name))].map(
  (name) => new Queue(name, { connection: { url: redisUrl }, prefix }),
);
for (const queue of queues) queue.on('error', (error) => process.stderr.write(`dashboard: ${queue.name}: ${error.message}\n`));

const serverAdapter = new ExpressAdapter();
serverAdapter.setBasePath('/');
createBullBoard({
  queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: args['read-only'] })),
  serverAdapter,
  options: { uiConfig: { boardTitle: 'jobkit' } },
});
const app = express();
app.use('/', serverAdapter.getRouter());
// Loopback only: Bull Board has no login, and it can retry and delete jobs.
const server = app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`dashboard: http://127.0.0.1:${server.address().port}/ (${queues.length} queues; Ctrl-C stops)\n`);
});
server.on('error', (error) => fail(`cannot listen on 127.0.0.1:${port}: ${error.message}`, error.code === 'EADDRINUSE' ? 69 : 74));

async function stop() {
  server.close();
  await Promise.allSettled(queues.map((queue) => queue.close()));
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Job data reaches the tool exactly as the producer wrote it, and the return value (and the
// completed event) is exactly what a Node worker would store: JSON.stringify(JSON.parse(stdout))
// as Node itself computes it here, with key order, number forms and escapes.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import IORedis from 'ioredis';  // bullmq's own client, installed with it
import { REDIS_URL, Scenario, uniqueName, waitForEvent } from './lib/harness.mjs';

// The return value as stored, before any JSON.parse could hide its form.
async function storedReturnValue(queueName, id) {
  const client = new IORedis(REDIS_URL);
  try {
    return await client.hget(`${s.prefix}:${queueName}:${id}`, 'returnvalue');
  } finally {
    client.disconnect();
  }
}

const s = new Scenario('jsonrt');
after(() => s.cleanup());

test('key order of data and return value survive the round trip', async () => {
  const name = uniqueName('order');
  const queue = s.queue(name);
  const { queueEvents, log } = await s.events(name);
  void queueEvents;
  // The tool echoes its stdin: what it got is what comes back.
  s.runner({ [name]: { command: ['/bin/cat'], concurrency: 1 } });
  const data = { zeta: 1, alpha: { y: 2, b: 3 }, 10: 'ten', 2: 'two' };
  const added = await queue.add('x', data);
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', job.failedReason);
  assert.equal(JSON.stringify(job.returnvalue), JSON.stringify(data));
  assert.equal(await storedReturnValue(name, added.id), JSON.stringify(data));
  const completed = await waitForEvent(s, log, 'completed event', (e) => e.event === 'completed' && e.jobId === added.id);
  assert.equal(JSON.stringify(completed.returnvalue), JSON.stringify(data));
});

test('numbers and escapes come back as Node writes them', async () => {
  const name = uniqueName('forms');
  const queue = s.queue(name);
  const text = '{"b":1.0,"a":1e21,"c":1e-7,"d":-0,"e":123456789012345678901,"f":"\\u0007\\u2028/\\u00e9\\ud800",'
    + '"1":0.1,"b":[1E2,5e-324,2.5e+300],"g":"tab\\there"}';
  const file = path.join(s.dir, 'result.json');
  writeFileSync(file, text);
  s.runner({ [name]: { command: ['/bin/sh', '-c', `cat >/dev/null; cat '${file}'`], concurrency: 1 } });
  const added = await queue.add('x', {});
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', job.failedReason);
  const expected = JSON.stringify(JSON.parse(text));
  assert.equal(await storedReturnValue(name, added.id), expected);
});

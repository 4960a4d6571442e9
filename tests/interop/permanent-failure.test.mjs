// Exit codes 64/65/66/77 fail a job at once, whatever its attempts.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('permanent');
after(() => s.cleanup());

test('invalid data (exit 65) with attempts 5 fails after one attempt with the tool message', async () => {
  const name = uniqueName('perm65');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('p', { message: 'x', fail: { kind: 'invalid_data', message: 'the address is not valid' } }, { attempts: 5, backoff: { type: 'fixed', delay: 100 } });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 1);
  assert.equal(job.failedReason, 'the address is not valid');
  assert.ok(Array.isArray(job.stacktrace));
  await s.waitFor("the 'failed' event", () => log.find((e) => e.event === 'failed' && e.jobId === added.id));
  // Stay failed: no retry shows up later.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const again = await s.waitForFinished(name, added.id);
  assert.equal(await again.getState(), 'failed');
  assert.equal(again.attemptsMade, 1);
});

test('an unknown field (tool exits 65) names the field in failedReason', async () => {
  const name = uniqueName('perm-field');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('p', { message: 'x', surprise: true }, { attempts: 3 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 1);
  assert.match(job.failedReason, /\/surprise/);
});

for (const code of [64, 66, 77]) {
  test(`exit ${code} is permanent`, async () => {
    const name = uniqueName(`perm${code}`);
    const queue = s.queue(name);
    s.runner({ [name]: { command: ['/bin/sh', '-c', 'cat >/dev/null; exit $0', String(code)], concurrency: 1 } });
    const added = await queue.add('p', { message: 'x' }, { attempts: 4 });
    const job = await s.waitForFinished(name, added.id);
    assert.equal(await job.getState(), 'failed');
    assert.equal(job.attemptsMade, 1);
    assert.equal(typeof job.failedReason, 'string');
    assert.ok(job.failedReason.length > 0);
  });
}

test('exit 0 with stdout that is not JSON is a failure that says so', async () => {
  const name = uniqueName('notjson');
  const queue = s.queue(name);
  s.runner({ [name]: { command: ['/bin/sh', '-c', 'cat >/dev/null; echo this is not json'], concurrency: 1 } });
  const added = await queue.add('p', { message: 'x' }, { attempts: 1 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.match(job.failedReason, /json/i);
});

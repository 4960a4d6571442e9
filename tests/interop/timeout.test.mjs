// A tool that runs past timeout_ms is stopped (SIGTERM, then SIGKILL after kill_grace_ms) and the job fails or retries.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('timeout');
after(() => s.cleanup());

test('a tool ignoring SIGTERM is killed after the grace; reason says "timed out after N ms"', async () => {
  const name = uniqueName('hang');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ timeout_ms: 700, kill_grace_ms: 300 }) });
  const added = await queue.add('hang', { message: 'x', sleep_ms: 120000, ignore_sigterm: true });
  // The tool would sleep 2 minutes: finishing within the deadline proves it was killed.
  const job = await s.waitForFinished(name, added.id, 40000);
  assert.equal(await job.getState(), 'failed');
  assert.match(job.failedReason, /timed out after 700 ms/);
  assert.equal(job.attemptsMade, 1);
  assert.ok(job.finishedOn - job.processedOn >= 700, 'not stopped before the timeout');
});

test('a timed-out job is retried while attempts remain', async () => {
  const name = uniqueName('hang-retry');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ timeout_ms: 500, kill_grace_ms: 200 }) });
  const added = await queue.add('hang', { message: 'x', sleep_ms: 120000 }, { attempts: 2 });
  const job = await s.waitForFinished(name, added.id, 40000);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 2);
  assert.match(job.failedReason, /timed out after 500 ms/);
});

test('a job finishing within its timeout completes', async () => {
  const name = uniqueName('in-time');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ timeout_ms: 10000, kill_grace_ms: 200 }) });
  const added = await queue.add('ok', { message: 'x', sleep_ms: 200 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
});

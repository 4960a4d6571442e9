// A tool printing 10 MB: over max_output_bytes the job fails naming the limit; with a larger cap it completes.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('output');
after(() => s.cleanup());

test('10 MB on stdout over a 1 MiB cap fails the job and names the limit', async () => {
  const name = uniqueName('big');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: toolQueue({ max_output_bytes: 1048576 }) });
  const added = await queue.add('big', { message: 'x', output_bytes: 10000000 }, { attempts: 1 });
  const job = await s.waitForFinished(name, added.id, 60000);
  assert.equal(await job.getState(), 'failed');
  assert.match(job.failedReason, /1048576|1 ?MiB/i, `failedReason: ${job.failedReason}`);
  assert.equal(job.returnvalue ?? null, null);
  assert.ok(runner.alive, 'the runner survives');
  // and the runner still serves the queue
  const next = await queue.add('small', { message: 'after' });
  const nextJob = await s.waitForFinished(name, next.id);
  assert.equal(await nextJob.getState(), 'completed', `failedReason: ${nextJob.failedReason}`);
});

test('over-the-cap output is retried like other failures', async () => {
  const name = uniqueName('big-retry');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ max_output_bytes: 1048576 }) });
  const added = await queue.add('big', { message: 'x', output_bytes: 2000000 }, { attempts: 2 });
  const job = await s.waitForFinished(name, added.id, 60000);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 2);
});

test('10 MB on stdout under a 20 MB cap completes with the whole result', async () => {
  const name = uniqueName('big-ok');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ max_output_bytes: 20000000 }) });
  const added = await queue.add('big', { message: 'x', output_bytes: 10000000 });
  const job = await s.waitForFinished(name, added.id, 60000);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.equal(job.returnvalue.padding.length, 10000000);
  assert.equal(job.returnvalue.message, 'x');
});

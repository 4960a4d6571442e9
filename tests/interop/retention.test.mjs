// removeOnComplete / removeOnFail are applied as bullmq's Worker does.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, nonZeroCounts, toolQueue, uniqueName, waitForEvent } from './lib/harness.mjs';

const s = new Scenario('retention');
after(() => s.cleanup());

test('removeOnComplete: true removes the job once completed', async () => {
  const name = uniqueName('roc');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('gone', { message: 'x' }, { removeOnComplete: true });
  const completed = await waitForEvent(s, log, `'completed' for ${added.id}`, (e) => e.event === 'completed' && e.jobId === added.id);
  assert.equal(completed.returnvalue.message, 'x');
  await s.waitFor('the job to be removed', async () => (await Job.fromId(queue, added.id)) === undefined, { timeout: 5000 });
  assert.deepEqual(await nonZeroCounts(queue), {});
});

test('removeOnComplete: 2 keeps the newest two', async () => {
  const name = uniqueName('roc2');
  const queue = s.queue(name);
  const jobs = [];
  for (let i = 0; i < 5; i++) jobs.push(await queue.add('k', { message: `k${i}` }, { removeOnComplete: 2 }));
  s.runner({ [name]: toolQueue() });
  const { log } = await s.events(name);
  await s.waitFor('5 completed events', () => log.filter((e) => e.event === 'completed').length === 5);
  await s.waitFor('2 completed jobs kept', async () => (await queue.getJobCounts()).completed === 2, { timeout: 5000 });
  const kept = await queue.getJobs(['completed']);
  assert.deepEqual(kept.map((j) => j.id).sort(), [jobs[3].id, jobs[4].id].sort());
  assert.deepEqual(await nonZeroCounts(queue), { completed: 2 });
});

test('removeOnFail: true removes a failed job; removeOnFail: {count: 1} keeps one', async () => {
  const name = uniqueName('rof');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  s.runner({ [name]: toolQueue() });
  const gone = await queue.add('f', { message: 'x', fail: { kind: 'invalid_data', message: 'no' } }, { removeOnFail: true });
  await waitForEvent(s, log, `'failed' for ${gone.id}`, (e) => e.event === 'failed' && e.jobId === gone.id);
  await s.waitFor('the failed job to be removed', async () => (await Job.fromId(queue, gone.id)) === undefined, { timeout: 5000 });

  const a = await queue.add('f', { message: 'a', fail: { kind: 'invalid_data', message: 'no' } }, { removeOnFail: { count: 1 } });
  const b = await queue.add('f', { message: 'b', fail: { kind: 'invalid_data', message: 'no' } }, { removeOnFail: { count: 1 } });
  await waitForEvent(s, log, `'failed' for ${b.id}`, (e) => e.event === 'failed' && e.jobId === b.id);
  await s.waitFor('one failed job kept', async () => (await queue.getJobCounts()).failed === 1, { timeout: 5000 });
  assert.equal(await Job.fromId(queue, a.id), undefined);
  assert.equal(await (await Job.fromId(queue, b.id)).getState(), 'failed');
});

test('removeOnFail does not remove a job that still has attempts (it is retried, then removed)', async () => {
  const name = uniqueName('rof-retry');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('f', { message: 'x', fail_until_attempt: 2 }, { attempts: 2, removeOnFail: true, removeOnComplete: false });
  const job = await s.waitForState(name, added.id, 'completed');
  assert.equal(job.attemptsMade, 2);
  assert.equal(job.returnvalue.attempt, 2);
  assert.ok(!log.some((e) => e.event === 'failed' && e.jobId === added.id), "no final 'failed' event for a retried job");
});

test('kept jobs (no retention options) stay', async () => {
  const name = uniqueName('keep');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const ok = await queue.add('k', { message: 'x' });
  const bad = await queue.add('k', { message: 'x', fail: { kind: 'invalid_data', message: 'no' } });
  await s.waitForState(name, ok.id, 'completed');
  await s.waitForState(name, bad.id, 'failed');
  assert.deepEqual(await nonZeroCounts(queue), { completed: 1, failed: 1 });
});

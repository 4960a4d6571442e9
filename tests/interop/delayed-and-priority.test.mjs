// Delayed jobs wait for their delay; prioritized jobs run in priority order at concurrency 1.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, nonZeroCounts, sleep, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('delay');
after(() => s.cleanup());

test('a delayed job is not processed before its delay, then runs', async () => {
  const name = uniqueName('delayed');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  await sleep(300); // let the runner go idle on the marker first
  const added = await queue.add('later', { message: 'later' }, { delay: 2000 });
  assert.equal(await added.getState(), 'delayed');
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.ok(job.processedOn - job.timestamp >= 2000, `processed ${job.processedOn - job.timestamp} ms after the add`);
  assert.equal(job.opts.delay, 2000);
});

test('a job added to an idle queue is picked up (blocking wait on the marker)', async () => {
  const name = uniqueName('idle');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  await sleep(1500);
  const first = await queue.add('a', { message: 'a' });
  await s.waitForState(name, first.id, 'completed', 15000);
  await sleep(1500);
  const second = await queue.add('b', { message: 'b' });
  await s.waitForState(name, second.id, 'completed', 15000);
});

test('priority order with concurrency 1 (lower number first)', async () => {
  const name = uniqueName('prio');
  const queue = s.queue(name);
  const priorities = [5, 1, 3, 10, 2, 7];
  const ids = {};
  for (const priority of priorities) {
    const job = await queue.add(`p${priority}`, { message: `p${priority}`, sleep_ms: 30 }, { priority });
    ids[priority] = job.id;
  }
  assert.equal((await queue.getJobCounts()).prioritized, priorities.length);
  s.runner({ [name]: toolQueue({ concurrency: 1 }) });
  await s.waitFor('all prioritized jobs completed', async () => (await queue.getJobCounts()).completed === priorities.length);
  const jobs = await Promise.all(priorities.map((p) => Job.fromId(queue, ids[p])));
  const order = jobs.sort((a, b) => a.processedOn - b.processedOn).map((job) => job.opts.priority);
  assert.deepEqual(order, [...priorities].sort((a, b) => a - b));
  assert.deepEqual(await nonZeroCounts(queue), { completed: priorities.length });
});

test('custom job ids and lifo are honoured', async () => {
  const name = uniqueName('lifo');
  const queue = s.queue(name);
  await queue.add('a', { message: 'a', sleep_ms: 30 }, { jobId: 'first-one' });
  await queue.add('b', { message: 'b', sleep_ms: 30 }, { jobId: 'second-one' });
  await queue.add('c', { message: 'c', sleep_ms: 30 }, { jobId: 'jumps-ahead', lifo: true });
  s.runner({ [name]: toolQueue() });
  await s.waitFor('3 completed', async () => (await queue.getJobCounts()).completed === 3);
  const jobs = await Promise.all(['first-one', 'second-one', 'jumps-ahead'].map((id) => Job.fromId(queue, id)));
  const order = jobs.sort((a, b) => a.processedOn - b.processedOn).map((job) => job.id);
  assert.deepEqual(order, ['jumps-ahead', 'first-one', 'second-one']);
  assert.equal(jobs.find((j) => j.id === 'first-one').returnvalue.job_id, 'first-one');
});

// A job scheduler with `every` keeps producing iterations that the runner completes.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('scheduler');
after(() => s.cleanup());

test('upsertJobScheduler every 200 ms: several iterations completed, the schedule lives on', async () => {
  const name = uniqueName('every');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  await queue.upsertJobScheduler('ticker', { every: 200 }, { name: 'tick', data: { message: 'tick' } });
  await s.waitFor('5 completed iterations', async () => (await queue.getJobCounts()).completed >= 5, { timeout: 30000 });
  const scheduler = await queue.getJobScheduler('ticker');
  assert.ok(scheduler, 'the scheduler still exists');
  assert.equal(scheduler.every, 200);
  const completed = await queue.getJobs(['completed'], 0, -1);
  for (const job of completed) {
    assert.equal(job.name, 'tick');
    assert.equal(job.returnvalue.message, 'tick');
    assert.equal(job.repeatJobKey, 'ticker');
  }
  // ids are distinct iterations, one per 200 ms slot (id repeat:<key>:<slot ms>), none run before its slot
  assert.equal(new Set(completed.map((j) => j.id)).size, completed.length);
  const slots = completed.map((j) => ({ slot: Number(j.id.split(':').pop()), job: j })).sort((a, b) => a.slot - b.slot);
  for (const [i, { slot, job }] of slots.entries()) {
    assert.match(job.id, /^repeat:ticker:\d+$/);
    assert.ok(job.processedOn >= slot - 5, `iteration ${job.id} ran at ${job.processedOn}, before its slot`);
    if (i > 0) {
      const gap = slot - slots[i - 1].slot;
      assert.ok(gap >= 200 && gap % 200 === 0, `iterations ${slots[i - 1].job.id} and ${job.id} are ${gap} ms apart`);
    }
  }
  const counts = await queue.getJobCounts();
  assert.equal(counts.failed, 0);
  // one next iteration is pending (delayed or waiting/active)
  assert.ok(counts.delayed + counts.waiting + counts.active + counts.prioritized >= 1, JSON.stringify(counts));
  const before = counts.completed;
  await s.waitFor('more iterations later', async () => (await queue.getJobCounts()).completed >= before + 3, { timeout: 30000 });
  await queue.removeJobScheduler('ticker');
});

test('a failing scheduled iteration does not end the schedule', async () => {
  const name = uniqueName('every-fail');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  await queue.upsertJobScheduler('flaky', { every: 250 }, { name: 'tick', data: { message: 'x', fail: { kind: 'invalid_data', message: 'always' } } });
  await s.waitFor('3 failed iterations', async () => (await queue.getJobCounts()).failed >= 3, { timeout: 30000 });
  assert.ok(await queue.getJobScheduler('flaky'), 'the scheduler still exists');
  await queue.removeJobScheduler('flaky');
});

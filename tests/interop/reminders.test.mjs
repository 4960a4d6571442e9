// The README's two patterns for reminders and scheduled notifications, run against
// queue-runner: a per-booking delayed job with a deterministic id that the app removes when
// the review arrives, and a config scheduler whose iterations fan out through follow-up jobs.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('reminders');
after(() => s.cleanup());

test('a review reminder per booking: one job per id, gone when the review arrives', async () => {
  const name = uniqueName('reminders');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const remind = (booking) =>
    queue.add('review-reminder', { message: `booking ${booking}` }, { jobId: `review-reminder-${booking}`, delay: 1500, attempts: 5 });
  await remind(981);
  await remind(982);
  await remind(981);  // a retried request adds nothing
  // The id form the README warns about: BullMQ 6.7.0 refuses it.
  await assert.rejects(queue.add('review-reminder', {}, { jobId: 'review-reminder:983', delay: 1500 }), /Custom Id cannot contain :/);
  assert.equal((await queue.getDelayed()).length, 2);
  // The review of booking 982 arrives before its reminder is due.
  assert.equal(await queue.remove('review-reminder-982'), 1);

  const reminded = await s.waitForFinished(name, 'review-reminder-981');
  assert.equal(await reminded.getState(), 'completed');
  assert.equal(reminded.returnvalue.message, 'booking 981');
  assert.equal(reminded.attemptsStarted, 1);
  assert.ok(reminded.processedOn - reminded.timestamp >= 1500, 'not before its delay');
  assert.equal(await queue.getJob('review-reminder-982'), undefined);
  const counts = await queue.getJobCounts();
  assert.equal(counts.completed, 1);
  assert.equal(counts.delayed + counts.waiting + counts.active, 0);
});

test('a scheduler whose iterations fan out: follow-up jobs with ids derived from each iteration', async () => {
  const source = uniqueName('nightly');
  const target = uniqueName('notify');
  const sourceQueue = s.queue(source);
  const targetQueue = s.queue(target);
  const enqueue = ['ann', 'bo'].map((to) => ({ queue: target, name: 'ranking-changed', data: { message: `to ${to}` } }));
  s.runner({ [source]: toolQueue(), [target]: toolQueue() }, {
    schedules: [{ id: 'fan-out', queue: source, pattern: '*/2 * * * * *', tz: 'UTC', data: { message: 'nightly', result: { enqueue } } }],
  });
  await s.waitFor('2 iterations', async () => (await sourceQueue.getJobCounts()).completed >= 2, { timeout: 20000 });
  await sourceQueue.removeJobScheduler('fan-out');
  await s.waitFor('nothing running', async () => (await sourceQueue.getJobCounts()).active === 0);
  const iterations = await sourceQueue.getJobs(['completed'], 0, -1);
  await s.waitFor('every follow-up done', async () => (await targetQueue.getJobCounts()).completed === 2 * iterations.length);
  for (const iteration of iterations) {
    assert.match(iteration.id, /^repeat:fan-out:\d+$/);
    for (const [index, to] of ['ann', 'bo'].entries()) {
      const followUp = await targetQueue.getJob(`followup:${source}:${iteration.id}-${index}`);
      assert.ok(followUp, `follow-up ${index} of ${iteration.id}`);
      assert.equal(followUp.name, 'ranking-changed');
      assert.equal(followUp.returnvalue.message, `to ${to}`);
    }
  }
});

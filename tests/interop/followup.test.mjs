// Follow-up jobs from a result's "enqueue" are added once, with ids followup:<queue>:<jobId>-<index>,
// even when the same job runs again.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, jobLogs, nonZeroCounts, sleep, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('followup');
after(() => s.cleanup());

test('follow-ups are added when the job completes, with their name, data and opts, and run', async () => {
  const name = uniqueName('parent');
  const next = uniqueName('next');
  const queue = s.queue(name);
  const nextQueue = s.queue(next);
  s.runner({ [name]: toolQueue(), [next]: toolQueue() });
  const enqueue = [
    { queue: next, name: 'child-a', data: { message: 'child a' }, opts: { attempts: 3 } },
    { queue: next, name: 'child-b', data: { message: 'child b' }, opts: { priority: 2 } },
  ];
  const added = await queue.add('parent', { message: 'parent', result: { enqueue } });
  const parent = await s.waitForFinished(name, added.id);
  assert.equal(await parent.getState(), 'completed', `failedReason: ${parent.failedReason}`);
  for (const [index, spec] of enqueue.entries()) {
    const id = `followup:${name}:${added.id}-${index}`;
    const child = await s.waitForFinished(next, id);
    assert.equal(child.name, spec.name);
    assert.deepEqual(child.data, spec.data);
    assert.equal(await child.getState(), 'completed', `failedReason: ${child.failedReason}`);
    assert.equal(child.returnvalue.message, spec.data.message);
  }
  assert.equal((await Job.fromId(nextQueue, `followup:${name}:${added.id}-0`)).opts.attempts, 3);
  assert.equal((await Job.fromId(nextQueue, `followup:${name}:${added.id}-1`)).opts.priority, 2);
  assert.deepEqual(await nonZeroCounts(nextQueue), { completed: 2 });
});

test('a completed job run again (job.retry("completed")) does not add its follow-ups twice', async () => {
  const name = uniqueName('parent-rerun');
  const next = uniqueName('next-rerun');
  const queue = s.queue(name);
  const nextQueue = s.queue(next);
  s.runner({ [name]: toolQueue() }); // `next` is not served: follow-ups stay waiting
  const enqueue = [{ queue: next, name: 'c', data: { message: 'c' } }];
  const added = await queue.add('parent', { message: 'p', log: ['parent ran'], result: { enqueue } });
  const first = await s.waitForState(name, added.id, 'completed');
  await s.waitFor('the follow-up', () => Job.fromId(nextQueue, `followup:${name}:${added.id}-0`));
  await first.retry('completed', { resetAttemptsMade: true });
  await s.waitFor('the second run to finish', async () => {
    const job = await Job.fromId(queue, added.id);
    return (await job.getState()) === 'completed' && job.finishedOn > first.finishedOn;
  });
  const logs = await jobLogs(queue, added.id);
  assert.equal(logs.filter((l) => l.includes('parent ran')).length, 2, `the job ran twice: ${JSON.stringify(logs)}`);
  assert.deepEqual(await nonZeroCounts(nextQueue), { waiting: 1 });
});

test('runner SIGKILLed while finishing: the job re-runs and its follow-ups exist exactly once', async () => {
  // Many follow-ups make "added some, not yet completed" last long enough to kill the runner inside it.
  const name = uniqueName('parent-kill');
  const next = uniqueName('next-kill');
  const queue = s.queue(name);
  const nextQueue = s.queue(next);
  const count = 400;
  const enqueue = Array.from({ length: count }, (_, i) => ({ queue: next, name: 'c', data: { message: `child ${i}`, pad: 'p'.repeat(200) } }));
  const config = { [name]: toolQueue() };
  const top = { lock_duration_ms: 1000, stalled_interval_ms: 1000, max_stalled_count: 3 };

  let caught = 0;
  for (let round = 1; round <= 5 && caught === 0; round++) {
    const runner = s.runner(config, top);
    const added = await queue.add('parent', { message: `round ${round}`, log: ['parent ran'], result: { enqueue } });
    const firstChild = `followup:${name}:${added.id}-0`;
    await s.waitFor('the first follow-up', () => Job.fromId(nextQueue, firstChild), { timeout: 30000, interval: 2 });
    await runner.kill();
    const state = await (await Job.fromId(queue, added.id)).getState();
    if (state === 'completed') {
      // Too late: the job completed before the kill landed; try again with a new job.
      continue;
    }
    caught += 1;
    const seen = (await nextQueue.getJobCounts()).waiting;
    console.log(`# follow-up kill: round ${round}, runner killed with ${seen} follow-ups added and the parent ${state}`);
    const restarted = s.runner(config, top);
    const job = await s.waitForFinished(name, added.id, 60000);
    assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}\n${restarted.tail()}`);
    const logs = await jobLogs(queue, added.id);
    assert.equal(logs.filter((l) => l.includes('parent ran')).length, 2, `the job ran twice: ${JSON.stringify(logs)}`);
    await sleep(500);
    for (let i = 0; i < count; i++) {
      assert.ok(await Job.fromId(nextQueue, `followup:${name}:${added.id}-${i}`), `follow-up ${i} exists`);
    }
    const children = await nextQueue.getJobs(['waiting'], 0, -1);
    const mine = children.filter((c) => c.id.startsWith(`followup:${name}:${added.id}-`));
    assert.equal(mine.length, count, 'each follow-up exactly once');
    await restarted.stop();
  }
  assert.ok(caught > 0, 'in 5 rounds the runner always completed the parent before SIGKILL landed after its first follow-up; ' +
    'follow-ups were never seen before completion (are they added after the job is completed? then a crash in between loses them)');
  // `next` only holds follow-ups of the rounds, each exactly once.
  const total = (await nextQueue.getJobCounts()).waiting;
  assert.equal(total % count, 0, `whole sets of follow-ups only (${total})`);
});

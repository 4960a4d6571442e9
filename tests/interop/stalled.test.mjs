// SIGKILL the runner mid-job: after the lock expires the job is recovered, by a restarted runner or by a Node Worker.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, jobLogs, sleep, toolQueue, uniqueName, waitForEvent } from './lib/harness.mjs';

const s = new Scenario('stalled');
after(() => s.cleanup());
const top = { lock_duration_ms: 1000, stalled_interval_ms: 1000 };

test('a restarted runner completes the job of a SIGKILLed runner', async () => {
  const name = uniqueName('stall');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  const runner = s.runner({ [name]: toolQueue() }, top);
  const added = await queue.add('long', { message: 'x', sleep_ms: 2000 }, { attempts: 1 });
  await s.waitForState(name, added.id, 'active');
  await sleep(300);
  await runner.kill();
  assert.equal(await (await queue.getJob(added.id)).getState(), 'active', 'still active right after the kill');
  const restarted = s.runner({ [name]: toolQueue() }, top);
  const job = await s.waitForFinished(name, added.id, 30000);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}\n${restarted.tail()}`);
  assert.equal(job.attemptsMade, 1, 'a stall is not a failed attempt');
  await waitForEvent(s, log, "a 'stalled' event", (e) => e.event === 'stalled' && e.jobId === added.id, 5000);
  assert.equal(log.filter((e) => e.event === 'completed' && e.jobId === added.id).length, 1);
});

test('a Node Worker recovers the job of a SIGKILLed runner', async () => {
  const name = uniqueName('stall-node');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: toolQueue() }, top);
  const added = await queue.add('long', { message: 'x', sleep_ms: 3000 });
  await s.waitForState(name, added.id, 'active');
  await runner.kill();
  s.worker(name, async () => ({ by: 'node' }), { lockDuration: 1000, stalledInterval: 1000 });
  const job = await s.waitForFinished(name, added.id, 30000);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.deepEqual(job.returnvalue, { by: 'node' });
});

test('the runner keeps the lock of a long job (renewal) so no other worker takes it', async () => {
  const name = uniqueName('renew');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  s.runner({ [name]: toolQueue() }, top);
  const added = await queue.add('long', { message: 'x', sleep_ms: 4000 });
  await s.waitForState(name, added.id, 'active');
  // A Node worker checking for stalled jobs every second must not steal it.
  let stolen = 0;
  s.worker(name, async () => { stolen += 1; return { by: 'node' }; }, { lockDuration: 1000, stalledInterval: 1000 });
  const job = await s.waitForFinished(name, added.id, 30000);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.equal(stolen, 0, 'the Node worker never ran the job');
  assert.equal(job.returnvalue.message, 'x');
  assert.ok(!log.some((e) => e.event === 'stalled' && e.jobId === added.id), 'never stalled');
});

test('a frozen runner whose job was taken over never completes it a second time', async () => {
  const name = uniqueName('lostlock');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  const runner = s.runner({ [name]: toolQueue() }, top);
  const added = await queue.add('long', { message: 'from the runner', sleep_ms: 2500 });
  await s.waitForState(name, added.id, 'active');
  runner.child.kill('SIGSTOP'); // frozen: no lock renewal; its tool keeps running and exits meanwhile
  try {
    s.worker(name, async () => ({ by: 'node' }), { lockDuration: 1000, stalledInterval: 1000 });
    const job = await s.waitForState(name, added.id, 'completed', 30000);
    assert.deepEqual(job.returnvalue, { by: 'node' });
    await sleep(3000); // let the tool finish while the runner is still frozen
  } finally {
    runner.child.kill('SIGCONT');
  }
  // The runner wakes up, sees its tool's result, and must find its lock gone. Its exact warning,
  // not just "lock": the queue's own name (lostlock-...) is in the runner's start-up line.
  const lostLock = new RegExp(`${name}/${added.id}: lost the lock, not finishing it`);
  await s.waitFor('the runner to meet the lost lock', () => lostLock.test(runner.output.join('')), { timeout: 10000 });
  await sleep(500);
  const job = await queue.getJob(added.id);
  assert.equal(await job.getState(), 'completed');
  assert.deepEqual(job.returnvalue, { by: 'node' }, 'the runner did not overwrite the result');
  assert.equal(job.attemptsMade, 1);
  assert.equal(log.filter((e) => e.event === 'completed' && e.jobId === added.id).length, 1, 'one completed event');
  assert.equal(log.filter((e) => e.event === 'failed' && e.jobId === added.id).length, 0, 'no failed event');
  assert.ok(runner.alive, `the runner keeps running\n${runner.tail()}`);
  assert.match(runner.output.join(''), lostLock, `the runner logs the lost lock\n${runner.tail()}`);
});

test('a frozen runner whose failing job was taken over leaves no dead letter for it', async () => {
  const name = uniqueName('lostfail');
  const queue = s.queue(name);
  const dlq = s.queue(s.deadLetter);
  const runner = s.runner({ [name]: toolQueue() }, top);
  const data = { message: 'x', sleep_ms: 2500, fail: { kind: 'invalid_data', message: 'refused by the tool' } };
  const added = await queue.add('long', data, { attempts: 1 });
  await s.waitForState(name, added.id, 'active');
  runner.child.kill('SIGSTOP'); // frozen: its tool keeps running and fails meanwhile
  try {
    s.worker(name, async () => ({ by: 'node' }), { lockDuration: 1000, stalledInterval: 1000 });
    await s.waitForState(name, added.id, 'completed', 30000);
    await sleep(3000); // let the tool fail while the runner is still frozen
  } finally {
    runner.child.kill('SIGCONT');
  }
  // The runner wakes up to a permanent failure, writes its dead letter, then finds its lock gone.
  await s.waitFor('the runner to meet the lost lock', () => /lost the lock/.test(runner.output.join('')), { timeout: 10000 });
  await sleep(500);
  const job = await queue.getJob(added.id);
  assert.equal(await job.getState(), 'completed');
  assert.equal(await Job.fromId(dlq, `dlq:${name}:${added.id}`), undefined, `no dead letter\n${runner.tail()}`);
  assert.ok(runner.alive, `the runner keeps running\n${runner.tail()}`);
});

/** Waits until the tool of job `id` has logged `line` at least `times` times (each run logs it once). */
async function waitForRuns(queue, id, line, times) {
  return s.waitFor(`run ${times} of job ${id}`, async () => (await jobLogs(queue, id)).filter((l) => l.includes(line)).length >= times, { timeout: 30000 });
}

test('stalled more than max_stalled_count: the next runner fails the job without running the tool (bullmq defa)', async () => {
  const name = uniqueName('overstall');
  const queue = s.queue(name);
  const config = { [name]: toolQueue() };
  const added = await queue.add('long', { message: 'x', sleep_ms: 20000, log: ['tool started'] }, { attempts: 3 });
  let runner = s.runner(config, { ...top, max_stalled_count: 1 });
  await waitForRuns(queue, added.id, 'tool started', 1);
  await runner.kill();
  runner = s.runner(config, { ...top, max_stalled_count: 1 });
  await waitForRuns(queue, added.id, 'tool started', 2); // stalled once (allowed), taken again
  await runner.kill();
  runner = s.runner(config, { ...top, max_stalled_count: 1 });
  const job = await s.waitForState(name, added.id, 'failed', 30000);
  assert.match(job.failedReason, /stalled more than allowable limit/);
  await sleep(500);
  const runs = (await jobLogs(queue, added.id)).filter((l) => l.includes('tool started')).length;
  assert.equal(runs, 2, 'the tool was not started a third time');
  assert.equal(await (await queue.getJob(added.id)).getState(), 'failed', 'no retry despite attempts left (unrecoverable)');
});

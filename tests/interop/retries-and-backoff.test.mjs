// Retryable failures are retried per attempts/backoff exactly like bullmq's Worker.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, jobLogs, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('retries');
after(() => s.cleanup());

test('fixed backoff: fails twice, completes on attempt 3, attempts spaced by the delay', async () => {
  const name = uniqueName('fixed');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('r', { message: 'retry me', fail_until_attempt: 3 }, { attempts: 3, backoff: { type: 'fixed', delay: 1000 } });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.equal(job.attemptsMade, 3);
  assert.equal(job.returnvalue.attempt, 3, 'JOB_ATTEMPT was 3 on the last run');
  // The third attempt started after two back-offs of 1000 ms each.
  assert.ok(job.processedOn - job.timestamp >= 2000, `third attempt started ${job.processedOn - job.timestamp} ms after the add`);
});

test('exponential backoff: delays 500 then 1000 ms', async () => {
  const name = uniqueName('expo');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('r', { message: 'expo', fail_until_attempt: 3 }, { attempts: 3, backoff: { type: 'exponential', delay: 500 } });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.equal(job.attemptsMade, 3);
  assert.ok(job.processedOn - job.timestamp >= 1500, `third attempt started ${job.processedOn - job.timestamp} ms after the add`);
});

test('a retried job that keeps failing ends failed with the tool message and a stacktrace array', async () => {
  const name = uniqueName('exhaust');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('r', { message: 'x', fail: { kind: 'temporary', message: 'upstream said 451' } }, { attempts: 2, backoff: { type: 'fixed', delay: 300 } });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 2);
  assert.equal(job.failedReason, 'upstream said 451');
  assert.ok(Array.isArray(job.stacktrace), 'stacktrace is an array');
  for (const line of job.stacktrace) assert.equal(typeof line, 'string');
  assert.ok(job.finishedOn - job.timestamp >= 300);
  await s.waitFor("the 'failed' event", () => log.find((e) => e.event === 'failed' && e.jobId === added.id));
  assert.equal(log.find((e) => e.event === 'failed' && e.jobId === added.id).failedReason, 'upstream said 451');
  assert.equal(log.filter((e) => e.event === 'failed' && e.jobId === added.id).length, 1, "one final 'failed' event");
});

test('no backoff: a retry is immediate and the job completes on attempt 2', async () => {
  const name = uniqueName('nobackoff');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('r', { message: 'x', fail_until_attempt: 2 }, { attempts: 2 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.equal(job.attemptsMade, 2);
  assert.equal(job.returnvalue.attempt, 2);
});

test('queue-level attempts/backoff apply only to jobs without their own', async () => {
  const name = uniqueName('queuedefaults');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ attempts: 3, backoff: { type: 'fixed', delay: 200 } }) });
  const inherits = await queue.add('r', { message: 'x', fail_until_attempt: 3 });
  const own = await queue.add('r', { message: 'y', fail_until_attempt: 3 }, { attempts: 1 });
  const inherited = await s.waitForFinished(name, inherits.id);
  const owned = await s.waitForFinished(name, own.id);
  assert.equal(await inherited.getState(), 'completed', `failedReason: ${inherited.failedReason}`);
  assert.equal(inherited.attemptsMade, 3);
  assert.ok(inherited.processedOn - inherited.timestamp >= 400);
  assert.equal(await owned.getState(), 'failed', 'the job asked for one attempt');
  assert.equal(owned.attemptsMade, 1);
});

test('a tool exiting 69 or 70 is retried', async () => {
  const name = uniqueName('retry-exits');
  const queue = s.queue(name);
  s.runner({ [name]: { command: ['/bin/sh', '-c', 'cat >/dev/null; echo "exit code $0" >&2; exit $0', '69'], concurrency: 1 },
             [`${name}-70`]: toolQueue() });
  const added = await queue.add('r', { message: 'x' }, { attempts: 2 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 2, 'exit 69 is not permanent');
  const logs = await jobLogs(queue, added.id);
  assert.ok(logs.some((entry) => entry.includes('exit code 69')), `logs: ${JSON.stringify(logs)}`);

  const q70 = s.queue(`${name}-70`);
  const thrown = await q70.add('r', { message: 'x', fail: { kind: 'throw', message: 'kaboom' } }, { attempts: 2 });
  const job70 = await s.waitForFinished(`${name}-70`, thrown.id);
  assert.equal(await job70.getState(), 'failed');
  assert.equal(job70.attemptsMade, 2, 'exit 70 is not permanent');
  assert.match(job70.failedReason, /kaboom/);
});

test('a failed job retried from a dashboard (job.retry()) runs again and can complete', async () => {
  const name = uniqueName('dash-retry');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  // Fails on attempt 1 (its only attempt); the retry is attempt 2.
  const added = await queue.add('r', { message: 'x', fail_until_attempt: 2 }, { attempts: 1 });
  const failed = await s.waitForState(name, added.id, 'failed');
  assert.equal(failed.attemptsMade, 1);
  await failed.retry('failed');
  const job = await s.waitFor('the retried job to complete', async () => {
    const j = await queue.getJob(added.id);
    const state = await j.getState();
    if (state === 'failed' && j.attemptsMade > 1) throw new Error(`the retry failed: ${j.failedReason}`);
    return state === 'completed' ? j : undefined;
  }, { timeout: 30000 });
  assert.equal(job.attemptsMade, 2);
  assert.equal(job.returnvalue.attempt, 2);
});

test('between attempts the job is delayed with attemptsMade counted, then runs again', async () => {
  const name = uniqueName('between');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('r', { message: 'x', fail_until_attempt: 2 }, { attempts: 2, backoff: { type: 'fixed', delay: 3000 } });
  const waiting = await s.waitForState(name, added.id, 'delayed', 15000);
  assert.equal(waiting.attemptsMade, 1);
  assert.equal(waiting.failedReason, 'attempt 1 fails on purpose');
  const job = await s.waitForState(name, added.id, 'completed', 30000);
  assert.equal(job.attemptsMade, 2);
});

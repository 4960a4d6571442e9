// When the runner itself cannot process a job (stored options of a type no producer writes),
// the job ends through the same path as a tool's failure: failed with its reason, a stack
// entry and a dead letter, and the runner goes on serving the queue.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import IORedis from 'ioredis';  // bullmq's own client, installed with it
import { REDIS_URL, Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('processing');
after(() => s.cleanup());

async function deadLetterOf(queueName, jobId) {
  const id = `dlq:${queueName}:${jobId}`;
  return s.waitFor(`dead letter ${id}`, () => Job.fromId(s.queue(s.deadLetter), id), { timeout: 10000 });
}

test('a job whose scheduler options trip the runner fails with the reason and a dead letter, like a tool failure', async () => {
  const name = uniqueName('trip');
  const queue = s.queue(name);
  // Two jobs: one the tool fails for good (exit 65), one whose stored options make the runner
  // throw before the tool runs (a scheduler job whose repeat count is not a number).
  const refused = await queue.add('x', { message: 'x', fail: { kind: 'invalid_data', message: 'bad field' } }, { attempts: 3 });
  const tripping = await queue.add('x', { message: 'never run' }, { attempts: 3 });
  const client = new IORedis(REDIS_URL);
  await client.hset(`${s.prefix}:${name}:${tripping.id}`, 'rjk', 'sched-broken',
    'opts', JSON.stringify({ attempts: 3, repeat: { every: 1000, count: 'many' } }));
  await client.quit();
  const runner = s.runner({ [name]: toolQueue() });

  const toolFailed = await s.waitForFinished(name, refused.id);
  const runnerFailed = await s.waitForFinished(name, tripping.id);
  for (const job of [toolFailed, runnerFailed]) {
    assert.equal(await job.getState(), 'failed', `job ${job.id}`);
    assert.equal(job.attemptsMade, 1, `job ${job.id} is not retried`);
    assert.equal(job.stacktrace.length, 1, `job ${job.id} has one stack entry`);
  }
  assert.match(runnerFailed.failedReason, /^queue-runner cannot process this job: .+/);
  assert.equal(runnerFailed.returnvalue, null);

  const toolLetter = await deadLetterOf(name, refused.id);
  const runnerLetter = await deadLetterOf(name, tripping.id);
  assert.deepEqual(Object.keys(runnerLetter.data).sort(), Object.keys(toolLetter.data).sort());
  assert.equal(runnerLetter.data.failed_reason, runnerFailed.failedReason);
  assert.equal(runnerLetter.data.job_id, tripping.id);
  assert.deepEqual(runnerLetter.data.data, { message: 'never run' });
  assert.equal(runnerLetter.data.exit_code, null, 'no tool ran');

  const next = await queue.add('x', { message: 'after' });
  assert.equal(await (await s.waitForFinished(name, next.id)).getState(), 'completed', 'the runner still serves the queue');
  assert.ok(runner.alive, runner.tail());
});

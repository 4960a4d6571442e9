// A tool that dies by a signal: retried, then failed with a reason naming the signal.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('signal');
after(() => s.cleanup());

test('SIGABRT is retried, then the job fails naming the signal; the dead letter records it', async () => {
  const name = uniqueName('abort');
  const dlqName = uniqueName('dl-abort');
  const queue = s.queue(name);
  const dlq = s.queue(dlqName);
  s.runner({ [name]: toolQueue({ dead_letter: dlqName }) });
  const added = await queue.add('crash', { message: 'x', fail: { kind: 'abort' } }, { attempts: 2 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 2, 'a crash by signal is retried');
  assert.match(job.failedReason, /SIGABRT/);
  assert.ok(Array.isArray(job.stacktrace));

  const entry = await s.waitFor('dead-letter entry', () => Job.fromId(dlq, `dlq:${name}:${added.id}`), { timeout: 10000 });
  assert.equal(entry.data.signal, 'SIGABRT');
  assert.equal(entry.data.exit_code, null);
  assert.equal(entry.data.attempts_made, 2);
});

test('SIGKILL and SIGSEGV from the tool itself are named too', async () => {
  const name = uniqueName('selfkill');
  const queue = s.queue(name);
  s.runner({ [name]: { command: ['/bin/sh', '-c', 'cat >/dev/null; kill -$0 $$', 'SEGV'], concurrency: 1,
                       jobs: { kill9: { command: ['/bin/sh', '-c', 'cat >/dev/null; kill -9 $$'] } } } });
  const segv = await queue.add('segv', { message: 'x' });
  const kill9 = await queue.add('kill9', { message: 'x' });
  const segvJob = await s.waitForFinished(name, segv.id);
  const kill9Job = await s.waitForFinished(name, kill9.id);
  assert.equal(await segvJob.getState(), 'failed');
  assert.match(segvJob.failedReason, /SIGSEGV/);
  assert.equal(await kill9Job.getState(), 'failed');
  assert.match(kill9Job.failedReason, /SIGKILL/);
});

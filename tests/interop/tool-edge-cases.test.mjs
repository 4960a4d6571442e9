// Tools that misbehave at the process level: not reading stdin, empty or trailing-garbage stdout,
// junk on the progress fd, a background grandchild that keeps stdout open.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('edges');
after(() => s.cleanup());

const sh = (script) => ({ command: ['/bin/sh', '-c', script], concurrency: 1 });

test('a tool that exits without reading 2 MB of stdin: the job fails (retryable) and the runner survives', async () => {
  const name = uniqueName('nostdin');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: sh('exit 3') });
  const added = await queue.add('x', { message: 'x', blob: 'z'.repeat(2 * 1048576) }, { attempts: 2 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 2);
  assert.ok(runner.alive, `the runner is alive (SIGPIPE/EPIPE handled)\n${runner.tail()}`);
  const next = await queue.add('x', { message: 'small' });
  assert.equal(await (await s.waitForFinished(name, next.id)).getState(), 'failed', 'the runner still serves the queue');
});

test('exit 0 with empty stdout is a failure, not a null result', async () => {
  const name = uniqueName('empty');
  const queue = s.queue(name);
  s.runner({ [name]: sh('cat >/dev/null; exit 0') });
  const added = await queue.add('x', { message: 'x' });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.ok(job.failedReason.length > 0);
});

test('exit 0 with a JSON value followed by garbage is a failure', async () => {
  const name = uniqueName('garbage');
  const queue = s.queue(name);
  s.runner({ [name]: sh('cat >/dev/null; echo "{\\"ok\\":true} trailing"') });
  const added = await queue.add('x', { message: 'x' });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.match(job.failedReason, /json/i);
});

test('junk lines on the progress fd are ignored; valid ones count', async () => {
  const name = uniqueName('junkprogress');
  const queue = s.queue(name);
  s.runner({ [name]: sh('cat >/dev/null; echo abc >&3; echo "" >&3; echo 150 >&3; echo -5 >&3; echo 40 >&3; echo "{\\"ok\\":1}"') });
  const added = await queue.add('x', { message: 'x' });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.deepEqual(job.returnvalue, { ok: 1 });
  assert.equal(job.progress, 40);
});

test('a tool whose background grandchild keeps stdout open: the job finishes when the tool exits', async () => {
  const name = uniqueName('grandchild');
  const queue = s.queue(name);
  s.runner({ [name]: { ...sh('cat >/dev/null; sleep 30 & echo "{\\"ok\\":true}"'), timeout_ms: 10000, kill_grace_ms: 500 } });
  const added = await queue.add('x', { message: 'x' });
  const job = await s.waitForFinished(name, added.id, 40000);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.deepEqual(job.returnvalue, { ok: true });
});

test('non-object job data reaches the tool as JSON (the contract tool refuses it: 65, failed at once)', async () => {
  const name = uniqueName('nonobject');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('x', ['not', 'an', 'object'], { attempts: 3 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 1);
});

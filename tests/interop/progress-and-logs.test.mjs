// fd 3 progress lines become job progress and QueueEvents 'progress'; stderr lines become the job log.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, jobLogs, toolQueue, uniqueName, waitForEvent } from './lib/harness.mjs';

const s = new Scenario('progress');
after(() => s.cleanup());

test('progress reported on fd 3 reaches job.progress and QueueEvents in order', async () => {
  const name = uniqueName('progress');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('p', { message: 'progress', progress: [10, 50, 100] });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.equal(job.progress, 100);

  await waitForEvent(s, log, "the 'progress' event 100", (e) => e.event === 'progress' && e.jobId === added.id && e.data === 100);
  const values = log.filter((e) => e.event === 'progress' && e.jobId === added.id).map((e) => e.data);
  assert.deepEqual(values, [10, 50, 100]);
  // every progress event comes before the completion
  const completedAt = log.findIndex((e) => e.event === 'completed' && e.jobId === added.id);
  const lastProgressAt = log.findLastIndex((e) => e.event === 'progress' && e.jobId === added.id);
  assert.ok(completedAt === -1 || lastProgressAt < completedAt, 'progress events precede completed');
});

test('stderr lines of the tool are in the job log, in order', async () => {
  const name = uniqueName('logs');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const lines = ['first line of the log', 'second line: with colon', 'third line ünïcödé'];
  const added = await queue.add('l', { message: 'logging', log: lines });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  const logs = await s.waitFor('three log lines', async () => {
    const got = await jobLogs(queue, added.id);
    return lines.every((line) => got.some((entry) => entry.includes(line))) ? got : undefined;
  }, { timeout: 10000 });
  const positions = lines.map((line) => logs.findIndex((entry) => entry.includes(line)));
  assert.deepEqual([...positions].sort((a, b) => a - b), positions, `log order: ${JSON.stringify(logs)}`);
  for (const entry of logs) assert.equal(typeof entry, 'string');
});

test('a failing job keeps its log lines too', async () => {
  const name = uniqueName('faillogs');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('l', { message: 'x', log: ['before the failure'], fail: { kind: 'temporary', message: 'nope' } });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  const logs = await jobLogs(queue, added.id);
  assert.ok(logs.some((entry) => entry.includes('before the failure')), `logs: ${JSON.stringify(logs)}`);
});

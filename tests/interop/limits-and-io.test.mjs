// Process limits and pipes: concurrency is honoured, big stdin/stdout does not deadlock,
// a flood of stderr is capped, memory_mb / cpu_seconds limits stop a tool, a paused queue is left alone.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, jobLogs, sleep, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('limits');
after(() => s.cleanup());

/** Highest number of jobs running at the same moment, from processedOn / finishedOn. */
function maxOverlap(jobs) {
  const points = jobs.flatMap((job) => [[job.processedOn, 1], [job.finishedOn, -1]]);
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let best = 0;
  for (const [, delta] of points) best = Math.max(best, (current += delta));
  return best;
}

test('concurrency 3: never more than 3 jobs at once, and more than one at a time', async () => {
  const name = uniqueName('conc');
  const queue = s.queue(name);
  const added = await queue.addBulk(Array.from({ length: 9 }, (_, i) => ({ name: 'c', data: { message: `c${i}`, sleep_ms: 600 } })));
  s.runner({ [name]: toolQueue({ concurrency: 3 }) });
  await s.waitFor('9 completed', async () => (await queue.getJobCounts()).completed === 9, { timeout: 60000 });
  const jobs = await Promise.all(added.map((job) => Job.fromId(queue, job.id)));
  const overlap = maxOverlap(jobs);
  assert.ok(overlap <= 3, `at most 3 at once (saw ${overlap})`);
  assert.ok(overlap >= 2, `jobs ran in parallel (saw ${overlap})`);
});

test('3 MB through /bin/cat: stdin and stdout are pumped together (no pipe deadlock)', async () => {
  const name = uniqueName('cat');
  const queue = s.queue(name);
  s.runner({ [name]: { command: ['/bin/cat'], concurrency: 1, max_output_bytes: 8 * 1048576, timeout_ms: 30000 } });
  const data = { message: 'echo', blob: 'y'.repeat(3 * 1048576) };
  const added = await queue.add('cat', data);
  const job = await s.waitForFinished(name, added.id, 45000);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.deepEqual(job.returnvalue, data);
});

test('a flood of stderr (50,000 lines) is capped in the job log and the job completes', async () => {
  const name = uniqueName('flood');
  const queue = s.queue(name);
  s.runner({ [name]: { command: ['/bin/sh', '-c', 'cat >/dev/null; seq 1 50000 | sed "s/^/stderr line /" >&2; echo "{\\"ok\\":true}"'], concurrency: 1 } });
  const added = await queue.add('flood', { message: 'x' });
  const job = await s.waitForFinished(name, added.id, 45000);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.deepEqual(job.returnvalue, { ok: true });
  const { count } = await queue.getJobLogs(added.id, 0, 0);
  assert.ok(count > 0, 'some lines are logged');
  assert.ok(count < 50000, `the job log is capped (${count} entries)`);
});

test('memory_mb: a tool allocating past the limit fails (and is retried like a crash)', async () => {
  const name = uniqueName('mem');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ memory_mb: 64, max_output_bytes: 512 * 1048576 }) });
  const added = await queue.add('mem', { message: 'x', output_bytes: 200 * 1048576 }, { attempts: 2 });
  const job = await s.waitForFinished(name, added.id, 60000);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 2);
  assert.ok(job.failedReason.length > 0);
});

test('cpu_seconds: a tool burning CPU is stopped by the limit', async () => {
  const name = uniqueName('cpu');
  const queue = s.queue(name);
  s.runner({ [name]: { command: ['/bin/sh', '-c', 'cat >/dev/null; while :; do :; done'], concurrency: 1, cpu_seconds: 1, timeout_ms: 60000 } });
  const added = await queue.add('cpu', { message: 'x' }, { attempts: 1 });
  const job = await s.waitForFinished(name, added.id, 45000);
  assert.equal(await job.getState(), 'failed');
  assert.match(job.failedReason, /SIGXCPU|SIGKILL|cpu/i);
  assert.doesNotMatch(job.failedReason, /timed out/);
});

test('a paused queue is not served; resume lets the job run', async () => {
  const name = uniqueName('pause');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  await queue.pause();
  const added = await queue.add('p', { message: 'paused' });
  await sleep(1500);
  const waiting = await queue.getJob(added.id);
  assert.ok(!['active', 'completed', 'failed'].includes(await waiting.getState()), 'not taken while paused');
  await queue.resume();
  const job = await s.waitForFinished(name, added.id, 15000);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
});

test('job logs also record lines of a tool that runs a while (streamed, not only at exit)', async () => {
  const name = uniqueName('stream');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('s', { message: 'x', log: ['early line'], sleep_ms: 4000 });
  await s.waitForState(name, added.id, 'active');
  const logs = await s.waitFor('the early line while the job is still active', async () => {
    const lines = await jobLogs(queue, added.id);
    return lines.some((l) => l.includes('early line')) ? lines : undefined;
  }, { timeout: 3500, interval: 100 });
  assert.ok(logs.length >= 1);
  assert.equal(await (await queue.getJob(added.id)).getState(), 'active', 'seen before the job finished');
});

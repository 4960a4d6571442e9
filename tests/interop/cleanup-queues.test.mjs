// cleanup's queues target, checked through BullMQ's own Node API: completed and failed jobs
// older than their thresholds go (BullMQ's cleanJobsInSet script, run by the C++ tool), newer
// ones stay, the events stream is trimmed, old dead letters are purged.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { after, test } from 'node:test';
import IORedis from 'ioredis';
import { BIN_DIR, REDIS_URL, Scenario, sleep, uniqueName } from './lib/harness.mjs';

const s = new Scenario('cleanup-queues');
after(() => s.cleanup());

const CLEANUP = path.join(BIN_DIR, 'cleanup');

function runCleanup(job, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(CLEANUP, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, REDIS_URL } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, result: stdout ? JSON.parse(stdout) : null }));
    child.stdin.end(JSON.stringify(job));
  });
}

// Adds `count` jobs for the Node Worker (even ones complete, odd ones fail) and waits for them.
async function finishJobs(name, label, count) {
  const queue = s.queue(name);
  const ids = [];
  for (let i = 0; i < count; i++) ids.push((await queue.add(label, { i, fail: i % 2 === 1 })).id);
  await s.waitFor(`${count} ${label} jobs finished`, async () => {
    const counts = await queue.getJobCounts('completed', 'failed');
    return counts.completed + counts.failed >= ids.length;
  });
  return ids;
}

test('queue history: old completed and failed jobs, the events backlog and old dead letters go', async () => {
  const name = uniqueName('cleanup-history');
  const deadLetters = uniqueName('cleanup-dl');
  const queue = s.queue(name);
  s.worker(name, async (job) => {
    if (job.data.fail) throw new Error('planned failure');
    return { ok: job.data.i };
  });
  const oldIds = await finishJobs(name, 'old', 80);
  // Thresholds count in milliseconds of finishedOn: the old jobs are 2 s older than the new.
  await sleep(2200);
  const newIds = [];
  for (let i = 0; i < 20; i++) newIds.push((await queue.add('new', { i, fail: i % 2 === 1 })).id);
  await s.waitFor('the new jobs finished', async () => {
    const counts = await queue.getJobCounts('completed', 'failed');
    return counts.completed + counts.failed === 100;
  });

  const letters = s.queue(deadLetters);
  const day = 86400000;
  for (let i = 0; i < 6; i++) {
    await letters.add('dead-letter', { queue: name, job_id: `gone-${i}`, name: 'x', failed_reason: 'old', failed_at: Date.now() - 40 * day });
  }
  for (let i = 0; i < 3; i++) {
    await letters.add('dead-letter', { queue: name, job_id: `kept-${i}`, name: 'x', failed_reason: 'recent', failed_at: Date.now() - day });
  }
  const client = new IORedis(REDIS_URL);
  after(() => client.quit());
  const eventsBefore = await client.xlen(`bull:${name}:events`);
  assert.ok(eventsBefore > 300, `events before: ${eventsBefore}`);

  const job = {
    target: 'queues', older_than: '2s', queues: [name], events_max_length: 10,
    dead_letters: { queue: deadLetters, older_than: '30d' },
  };
  const dry = await runCleanup(job, ['--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.result.removed, 80);
  assert.deepEqual(await queue.getJobCounts('completed', 'failed'), { completed: 50, failed: 50 });

  const run = await runCleanup(job);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.result.removed, 80);
  assert.equal(run.result.queues[name].completed, 40);
  assert.equal(run.result.queues[name].failed, 40);
  assert.equal(run.result.dead_letters_removed, 6);
  assert.ok(run.result.queues[name].events_trimmed > 0);

  assert.deepEqual(await queue.getJobCounts('completed', 'failed'), { completed: 10, failed: 10 });
  const kept = (await queue.getJobs(['completed', 'failed'])).map((j) => j.id).sort();
  assert.deepEqual(kept, [...newIds].sort());
  for (const id of oldIds.slice(0, 5)) assert.equal(await queue.getJob(id), undefined);
  assert.ok((await client.xlen(`bull:${name}:events`)) < eventsBefore);
  const remaining = (await letters.getJobs(['wait'])).map((j) => j.data.failed_reason);
  assert.deepEqual(remaining, ['recent', 'recent', 'recent']);
});

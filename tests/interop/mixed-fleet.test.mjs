// One Node bullmq Worker and one queue-runner on the same queue, 10,000 jobs: each completed exactly once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, nonZeroCounts, sleep, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('mixed');
after(() => s.cleanup());

const TOTAL = 10000;

test('mixed fleet: 10,000 jobs, every job completed exactly once, counts only completed', { timeout: 280000 }, async () => {
  const name = uniqueName('mixed');
  const queue = s.queue(name);
  const { log } = await s.events(name);

  const nodeRuns = new Map();
  const runner = s.runner({ [name]: toolQueue({ concurrency: 8 }) });
  s.worker(name, async (job) => {
    nodeRuns.set(job.id, (nodeRuns.get(job.id) ?? 0) + 1);
    await sleep(2); // a real processor takes some time; leaves work for the runner too
    return { by: 'node', message: job.data.message };
  }, { concurrency: 8 });

  const jobs = [];
  for (let start = 0; start < TOTAL; start += 1000) {
    const batch = Array.from({ length: 1000 }, (_, i) => ({ name: 'mixed', data: { message: `job ${start + i}` } }));
    jobs.push(...(await queue.addBulk(batch)));
  }
  assert.equal(jobs.length, TOTAL);

  await s.waitFor(`${TOTAL} completed`, async () => (await queue.getJobCounts()).completed === TOTAL, { timeout: 180000, interval: 500 });
  await sleep(1000); // nothing else may happen afterwards
  assert.deepEqual(await nonZeroCounts(queue), { completed: TOTAL });

  const completed = await queue.getJobs(['completed'], 0, -1);
  assert.equal(completed.length, TOTAL);
  let byNode = 0;
  let byRunner = 0;
  for (const job of completed) {
    assert.ok(job.returnvalue && typeof job.returnvalue === 'object', `job ${job.id} has a returnvalue`);
    assert.equal(job.returnvalue.message, job.data.message, `job ${job.id} returnvalue belongs to its data`);
    assert.equal(job.attemptsMade, 1, `job ${job.id} attemptsMade`);
    assert.equal(job.attemptsStarted, 1, `job ${job.id} was started once`);
    if (job.returnvalue.by === 'node') {
      byNode += 1;
    } else {
      byRunner += 1;
      assert.equal(job.returnvalue.job_id, job.id);
      assert.equal(job.returnvalue.attempt, 1);
      assert.ok(!nodeRuns.has(job.id), `job ${job.id} completed by the runner was also run by Node`);
    }
  }
  for (const [id, runs] of nodeRuns) assert.equal(runs, 1, `Node ran job ${id} ${runs} times`);
  assert.equal(byNode + byRunner, TOTAL);
  assert.ok(byRunner > 0, `the runner completed some jobs (node ${byNode}, runner ${byRunner})\n${runner.tail()}`);
  assert.ok(byNode > 0, 'the Node worker completed some jobs');

  // One 'completed' event per job, no 'failed' or 'stalled'.
  await s.waitFor('all completed events', () => new Set(log.filter((e) => e.event === 'completed').map((e) => e.jobId)).size >= TOTAL - 0, { timeout: 30000 });
  const perJob = new Map();
  for (const e of log) if (e.event === 'completed') perJob.set(e.jobId, (perJob.get(e.jobId) ?? 0) + 1);
  for (const [id, n] of perJob) assert.equal(n, 1, `job ${id} has ${n} completed events`);
  assert.equal(log.filter((e) => e.event === 'failed' || e.event === 'stalled').length, 0);
  console.log(`# mixed fleet: node completed ${byNode}, queue-runner completed ${byRunner}`);
});

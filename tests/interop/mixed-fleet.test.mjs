// One Node bullmq Worker and one queue-runner on the same queue, 10,000 jobs: each run exactly once, by one
// of the two (counted from what each run leaves behind: a line in the job's log), and completed exactly once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, jobLogs, nonZeroCounts, sleep, toolQueue, uniqueName } from './lib/harness.mjs';

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
    await job.log('run by node');
    await sleep(2); // a real processor takes some time; leaves work for the runner too
    return { by: 'node', message: job.data.message };
  }, { concurrency: 8 });

  const jobs = [];
  for (let start = 0; start < TOTAL; start += 1000) {
    // The contract tool logs each line of `log` into the job's log: one line per run by queue-runner.
    const batch = Array.from({ length: 1000 }, (_, i) => ({ name: 'mixed', data: { message: `job ${start + i}`, log: ['run by queue-runner'] } }));
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
  // Every job added is among the completed ones (none lost, none replaced by another id).
  const completedIds = new Set(completed.map((job) => job.id));
  const missing = jobs.filter((job) => !completedIds.has(job.id)).map((job) => job.id);
  assert.deepEqual(missing.slice(0, 10), [], `${missing.length} added jobs are not completed`);

  // Each job ran exactly once across the fleet, and by the worker whose result it holds.
  const byId = new Map(completed.map((job) => [job.id, job]));
  const wrongRuns = [];
  for (const { id } of jobs) {
    const logs = await jobLogs(queue, id);
    const runnerRuns = logs.filter((line) => line.includes('run by queue-runner')).length;
    const nodeLogged = logs.filter((line) => line.includes('run by node')).length;
    const expected = byId.get(id)?.returnvalue?.by === 'node' ? [0, 1] : [1, 0];
    if (runnerRuns !== expected[0] || nodeLogged !== expected[1] || nodeLogged !== (nodeRuns.get(id) ?? 0)) {
      wrongRuns.push(`job ${id}: queue-runner ran it ${runnerRuns} times, Node ${nodeRuns.get(id) ?? 0} (logged ${nodeLogged})`);
    }
  }
  assert.deepEqual(wrongRuns.slice(0, 10), [], `${wrongRuns.length} jobs did not run exactly once by their completer`);
  assert.ok(byRunner > 0, `the runner completed some jobs (node ${byNode}, runner ${byRunner})\n${runner.tail()}`);
  assert.ok(byNode > 0, 'the Node worker completed some jobs');

  // One 'completed' event per job, no 'failed' or 'stalled'.
  await s.waitFor('all completed events', () => new Set(log.filter((e) => e.event === 'completed').map((e) => e.jobId)).size >= TOTAL - 0, { timeout: 30000 });
  const perJob = new Map();
  for (const e of log) if (e.event === 'completed') perJob.set(e.jobId, (perJob.get(e.jobId) ?? 0) + 1);
  for (const [id, n] of perJob) assert.equal(n, 1, `job ${id} has ${n} completed events`);
  assert.equal(jobs.filter((job) => perJob.get(job.id) === 1).length, TOTAL, 'one completed event for every job added');
  assert.equal(log.filter((e) => e.event === 'failed' || e.event === 'stalled').length, 0);
  console.log(`# mixed fleet: node completed ${byNode}, queue-runner completed ${byRunner}`);
});

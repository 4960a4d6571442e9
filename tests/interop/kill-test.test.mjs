// SIGKILL the runner at 5 random moments while 1,000 jobs (attempts 3) run; restart it each time.
// At the end every job is completed: none lost, none failed, none stuck in active.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, nonZeroCounts, sleep, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('kill');
after(() => s.cleanup());

const TOTAL = 1000;
const KILLS = 5;

test('kill test: 1,000 jobs survive 5 SIGKILLs of the runner', { timeout: 280000 }, async () => {
  const name = uniqueName('kill');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  const config = { [name]: toolQueue({ concurrency: 8 }) };
  // A job active during two kills is stalled twice; allow that (bullmq would fail it past max_stalled_count).
  const top = { lock_duration_ms: 1000, stalled_interval_ms: 1000, max_stalled_count: KILLS + 1, shutdown_grace_ms: 2000 };

  const batch = Array.from({ length: TOTAL }, (_, i) => ({
    name: 'k',
    data: { message: `job ${i}`, sleep_ms: 40, ...(i % 10 === 0 ? { fail_until_attempt: 2 } : {}) },
    opts: { attempts: 3, backoff: { type: 'fixed', delay: 200 } },
  }));
  await queue.addBulk(batch);

  let runner = s.runner(config, top);
  const killedWithActive = [];
  for (let kill = 1; kill <= KILLS; kill++) {
    // Wait until this runner has completed something (it is up and working), then kill at a random moment.
    const base = (await queue.getJobCounts()).completed;
    await s.waitFor(`runner #${kill} to complete a job`, async () => (await queue.getJobCounts()).completed > base, { timeout: 60000, interval: 20 });
    await sleep(Math.floor(Math.random() * 1500));
    const counts = await queue.getJobCounts();
    killedWithActive.push(counts.active);
    await runner.kill();
    runner = s.runner(config, top);
  }

  await s.waitFor(`${TOTAL} completed`, async () => (await queue.getJobCounts()).completed === TOTAL, { timeout: 180000, interval: 500 });
  await sleep(1500);
  assert.deepEqual(await nonZeroCounts(queue), { completed: TOTAL }, 'none failed, none active, none waiting');

  const completed = await queue.getJobs(['completed'], 0, -1);
  assert.equal(completed.length, TOTAL);
  for (const job of completed) {
    assert.ok(job.returnvalue, `job ${job.id} has a returnvalue`);
    assert.equal(job.returnvalue.message, job.data.message);
    const expectedAttempts = Number(job.data.message.split(' ')[1]) % 10 === 0 ? 2 : 1;
    assert.equal(job.attemptsMade, expectedAttempts, `job ${job.id} attemptsMade (stalls do not count)`);
  }
  const perJob = new Map();
  for (const e of log) if (e.event === 'completed') perJob.set(e.jobId, (perJob.get(e.jobId) ?? 0) + 1);
  for (const [id, n] of perJob) assert.equal(n, 1, `job ${id} completed ${n} times`);
  console.log(`# kill test: active jobs at each SIGKILL: ${killedWithActive.join(', ')}; stalled events: ${log.filter((e) => e.event === 'stalled').length}`);
  assert.ok(killedWithActive.some((n) => n > 0), 'at least one kill hit running jobs');
});

// SIGTERM: stop taking jobs, wait up to shutdown_grace_ms, then stop the tools and put their jobs back without counting an attempt.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, jobLogs, nonZeroCounts, sleep, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('shutdown');
after(() => s.cleanup());

test('a job still running after the grace goes back to wait with attemptsMade unchanged, and completes after restart', async () => {
  const name = uniqueName('shut');
  const queue = s.queue(name);
  const config = { [name]: toolQueue() };
  const runner = s.runner(config, { shutdown_grace_ms: 500 });
  const added = await queue.add('long', { message: 'long', sleep_ms: 5000 }, { attempts: 3 });
  await s.waitForState(name, added.id, 'active');
  await sleep(200);
  const exit = await runner.stop(20000);
  assert.equal(exit.code, 0, `exit after SIGTERM: ${JSON.stringify(exit)}\n${runner.tail()}`);
  const back = await s.waitForState(name, added.id, ['waiting', 'wait'], 5000);
  assert.equal(back.attemptsMade, 0, 'no attempt counted');
  assert.equal(back.failedReason ?? null, null);

  const restarted = s.runner(config, { shutdown_grace_ms: 500 });
  const job = await s.waitForFinished(name, added.id, 30000);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}\n${restarted.tail()}`);
  assert.equal(job.attemptsMade, 1);
  assert.equal(job.returnvalue.attempt, 1, 'the re-run is still attempt 1');
});

test('a job finishing within the grace completes before the runner exits, and no new job is taken', async () => {
  const name = uniqueName('shut-grace');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: toolQueue() }, { shutdown_grace_ms: 15000 });
  const running = await queue.add('short', { message: 'short', sleep_ms: 1500, log: ['tool started'] });
  // Active is not enough: between moveToActive and the tool's start a stop returns the job to
  // wait by design. The tool's first log line says it runs.
  await s.waitFor('the tool to start', async () => (await jobLogs(queue, running.id)).some((line) => line.includes('tool started')),
    { timeout: 15000 });
  const waiting = await queue.add('next', { message: 'next' });
  runner.child.kill('SIGTERM');
  const exit = await runner.exit;
  assert.equal(exit.code, 0, `exit after SIGTERM: ${JSON.stringify(exit)}\n${runner.tail()}`);
  const done = await s.waitForFinished(name, running.id, 5000);
  assert.equal(await done.getState(), 'completed', `failedReason: ${done.failedReason}`);
  assert.equal(await (await queue.getJob(waiting.id)).getState(), 'waiting', 'no new job taken while stopping');
});

test('SIGINT stops the runner like SIGTERM', async () => {
  const name = uniqueName('shut-int');
  const runner = s.runner({ [name]: toolQueue() });
  const queue = s.queue(name);
  await s.waitFor('runner listed', async () => (await queue.getWorkers()).length > 0, { timeout: 15000 });
  runner.child.kill('SIGINT');
  const exit = await runner.exit;
  assert.equal(exit.code, 0, `exit after SIGINT: ${JSON.stringify(exit)}\n${runner.tail()}`);
});

test('shutdown with several running jobs on two queues, one tool ignoring SIGTERM: all go back to wait, none counted', async () => {
  const a = uniqueName('shut-a');
  const b = uniqueName('shut-b');
  const qa = s.queue(a);
  const qb = s.queue(b);
  const config = { [a]: toolQueue({ concurrency: 2, kill_grace_ms: 300 }), [b]: toolQueue({ concurrency: 1, kill_grace_ms: 300 }) };
  const runner = s.runner(config, { shutdown_grace_ms: 300 });
  const jobs = [
    [a, await qa.add('x', { message: 'a1', sleep_ms: 60000, ignore_sigterm: true }, { attempts: 2 })],
    [a, await qa.add('x', { message: 'a2', sleep_ms: 60000 }, { attempts: 2 })],
    [b, await qb.add('x', { message: 'b1', sleep_ms: 60000 }, { attempts: 2 })],
  ];
  for (const [queueName, job] of jobs) await s.waitForState(queueName, job.id, 'active');
  const exit = await runner.stop(20000);
  assert.equal(exit.code, 0, `exit after SIGTERM: ${JSON.stringify(exit)}\n${runner.tail()}`);
  for (const [queueName, job] of jobs) {
    const back = await s.waitForState(queueName, job.id, ['waiting'], 5000);
    assert.equal(back.attemptsMade, 0, `${job.data.message}: no attempt counted`);
  }
  assert.deepEqual(await nonZeroCounts(qa), { waiting: 2 });
  assert.deepEqual(await nonZeroCounts(qb), { waiting: 1 });
});

test('SIGTERM in the first 50 ms, while the queue workers start and take jobs: the runner exits every time and leaves no job active', async () => {
  const name = uniqueName('shut-early');
  const queue = s.queue(name);
  const config = { [name]: toolQueue({ concurrency: 2 }) };
  for (let i = 0; i < 6; i += 1) await queue.add('early', { message: `early ${i}` }, { attempts: 2 });
  for (const delay of [0, 2, 5, 10, 15, 20, 30, 50, 5, 10, 15, 20]) {
    const runner = s.runner(config, { shutdown_grace_ms: 2000 });
    await sleep(delay);
    const exit = await runner.stop(10000);
    // A SIGTERM before the runner blocks signals ends it by the signal, before it takes anything.
    assert.ok(exit.code === 0 || exit.signal === 'SIGTERM', `SIGTERM after ${delay} ms: ${JSON.stringify(exit)}\n${runner.tail()}`);
    const counts = await nonZeroCounts(queue);
    assert.equal(counts.active ?? 0, 0, `SIGTERM after ${delay} ms left jobs active: ${JSON.stringify(counts)}\n${runner.tail()}`);
    assert.equal(counts.failed ?? 0, 0, `SIGTERM after ${delay} ms: ${JSON.stringify(counts)}`);
    if ((counts.waiting ?? 0) === 0) {
      for (let i = 0; i < 6; i += 1) await queue.add('early', { message: `early more ${i}` }, { attempts: 2 });
    }
  }
});

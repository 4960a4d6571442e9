// getWorkers() on every served queue lists the runner, with its worker name; it disappears when the runner stops.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('workers');
after(() => s.cleanup());

test('getWorkers lists the runner on each queue it serves', async () => {
  const a = uniqueName('wa');
  const b = uniqueName('wb');
  const runner = s.runner({ [a]: toolQueue(), [b]: toolQueue({ concurrency: 3 }) });
  const workerName = runner.config.worker_name;
  for (const name of [a, b]) {
    const queue = s.queue(name);
    const workers = await s.waitFor(`getWorkers(${name}) to list the runner`, async () => {
      const list = await queue.getWorkers();
      return list.length > 0 ? list : undefined;
    }, { timeout: 15000 });
    const rawNames = workers.map((w) => w.rawname);
    const expected = `bull:${Buffer.from(name).toString('base64')}:w:${workerName}`;
    assert.ok(rawNames.includes(expected), `expected client name ${expected} in ${JSON.stringify(rawNames)}`);
    assert.equal(workers.filter((w) => w.rawname === expected).length, 1, 'listed once (one blocking connection per queue)');
    assert.equal(await queue.getWorkersCount(), 1);
  }
  // And a job still runs while we look.
  const job = await s.queue(a).add('x', { message: 'x' });
  await s.waitForState(a, job.id, 'completed');

  const exit = await runner.stop(30000);
  assert.equal(exit.code, 0, `runner exits 0 on SIGTERM: ${JSON.stringify(exit)}\n${runner.tail()}`);
  for (const name of [a, b]) {
    await s.waitFor(`getWorkers(${name}) to be empty after stop`, async () => (await s.queue(name).getWorkers()).length === 0, { timeout: 10000 });
  }
});

test('a runner without worker_name is listed under the bare client name', async () => {
  const name = uniqueName('wn');
  const { file } = s.writeConfig({ [name]: toolQueue() });
  // write a config without worker_name
  const { writeFileSync, readFileSync } = await import('node:fs');
  const config = JSON.parse(readFileSync(file, 'utf8').replace(/^\/\/.*$/m, ''));
  delete config.worker_name;
  writeFileSync(file, JSON.stringify(config));
  const { RunnerProcess } = await import('./lib/harness.mjs');
  const runner = new RunnerProcess(file, 'queue-runner(no worker_name)');
  s.runners.push(runner);
  runner.start();
  const queue = s.queue(name);
  const workers = await s.waitFor('getWorkers to list the runner', async () => {
    const list = await queue.getWorkers();
    return list.length > 0 ? list : undefined;
  }, { timeout: 15000 });
  const expected = `bull:${Buffer.from(name).toString('base64')}`;
  assert.ok(workers.some((w) => w.rawname === expected || w.rawname.startsWith(`${expected}:w:`)), JSON.stringify(workers.map((w) => w.rawname)));
});

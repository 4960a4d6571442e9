// Redis restarted twice under load (AOF, appendfsync everysec, as production runs it): every
// job's tool runs exactly once, every job completes soon after Redis is back (a job whose
// outcome could not be recorded must not wait for the stalled check to run it again), and
// SIGTERM afterwards stops the runner at once though its start-up connection died.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Queue } from 'bullmq';
import { RunnerProcess, sleep, uniqueName, waitFor } from './lib/harness.mjs';
import { RestartableRedis, freePort } from './lib/restartable-redis.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'interop-restart-'));
let redis;

after(async () => {
  redis?.kill();
  rmSync(dir, { recursive: true, force: true });
});

test('two Redis restarts under 2,000 jobs: each tool ran once, all completed soon after, SIGTERM at once', async () => {
  redis = new RestartableRedis(await freePort(), dir);
  await redis.start();
  const name = uniqueName('restart');
  const runs = path.join(dir, 'runs.txt');
  writeFileSync(runs, '');
  const config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({
    redis: redis.url,
    worker_name: uniqueName('w-restart'),
    queues: {
      [name]: {
        // One line per run of the tool: the side effect that is counted.
        command: ['/bin/sh', '-c', 'cat >/dev/null; printf "%s\\n" "$JOB_ID" >>"$RUNS_FILE"; sleep 0.01; printf "{}"'],
        concurrency: 4,
        env: { RUNS_FILE: runs },
      },
    },
  }));
  const queue = new Queue(name, { connection: { url: redis.url } });
  queue.on('error', () => {});
  const total = 2000;
  await queue.addBulk(Array.from({ length: total }, (_, i) => ({ name: 'x', data: { i } })));
  const runner = new RunnerProcess(config, 'queue-runner(restart)').start();
  try {
    const completed = async () => (await queue.getJobCounts('completed')).completed;
    let back = 0;
    // The second restart comes near the end, so that what is left after it takes the runner
    // a second or two even in the sanitizer build: "settled" then measures recovery, not speed.
    for (const afterDone of [(total * 2) / 5, (total * 9) / 10]) {
      await waitFor(`${afterDone} jobs to complete`, async () => (await completed()) >= afterDone,
        { timeout: 60000, diagnostics: () => runner.tail() });
      await redis.shutdown();
      await sleep(2000);
      await redis.start();
      back = Date.now();
    }
    await waitFor('all jobs to complete', async () => (await completed()) === total,
      { timeout: 120000, diagnostics: () => runner.tail() });
    const settled = Date.now() - back;
    const lines = readFileSync(runs, 'utf8').split('\n').filter(Boolean);
    const perJob = new Map();
    for (const id of lines) perJob.set(id, (perJob.get(id) ?? 0) + 1);
    const twice = [...perJob].filter(([, count]) => count > 1).map(([id]) => id);
    assert.deepEqual(twice, [], `jobs whose tool ran more than once\n${runner.tail()}`);
    assert.equal(perJob.size, total, 'every job ran');
    assert.ok(settled < 10000, `settled ${settled} ms after Redis came back the second time\n${runner.tail()}`);

    const stopAsked = Date.now();
    const exit = await runner.stop(10000);
    const stoppedIn = Date.now() - stopAsked;
    assert.equal(exit.code, 0, runner.tail());
    assert.ok(stoppedIn < 1000, `SIGTERM took ${stoppedIn} ms after the restarts\n${runner.tail()}`);
  } finally {
    await runner.kill();
    await queue.close();
  }
});

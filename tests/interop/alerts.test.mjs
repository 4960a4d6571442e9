// Alerts without Prometheus: the runner's webhook, against a local HTTP server, gets one
// message per incident and one when it is resolved, never more than the rate limit, and a
// webhook that hangs does not hold up jobs; on_dead runs once per dead letter.
import assert from 'node:assert/strict';
import { readFileSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { after, test } from 'node:test';
import { Queue } from 'bullmq';
import { Scenario, nonZeroCounts, sleep, toolQueue, uniqueName } from './lib/harness.mjs';
import { RestartableRedis, freePort } from './lib/restartable-redis.mjs';

const s = new Scenario('alerts');
const servers = [];
const privateRedis = [];
after(async () => {
  for (const redis of privateRedis) redis.kill();
  await s.cleanup();
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

/** A webhook receiver recording each JSON body; `hang` leaves every request unanswered. */
async function webhookServer({ hang = false } = {}) {
  const received = [];
  const pending = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(JSON.parse(body));
      if (hang) pending.push(response);
      else response.end('ok');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${server.address().port}/hook`, received, pending };
}

const alertsConfig = (url, alerts = {}) => ({
  metrics: { listen: '127.0.0.1:0', collect_interval_ms: 100 },
  alerts: { webhook: { url, format: 'json' }, ...alerts },
});

const failing = (i) => ({ message: 'x', fail: { kind: 'invalid_data', message: `bad input ${i}` } });

test('dead letters make one alert and one resolve; on_dead runs for each with the job in its environment', async () => {
  const hook = await webhookServer();
  const name = uniqueName('dl');
  const queue = s.queue(name);
  const hookLog = path.join(s.dir, 'on-dead.log');
  const hookScript = path.join(s.dir, 'on-dead.mjs');
  writeFileSync(
    hookScript,
    `import { appendFileSync, readFileSync } from 'node:fs';
const input = JSON.parse(readFileSync(0, 'utf8'));
appendFileSync(process.argv[2], JSON.stringify({ queue: process.env.JOBKIT_DEAD_QUEUE, id: process.env.JOBKIT_DEAD_JOB_ID, reason: process.env.JOBKIT_DEAD_REASON, input }) + '\\n');\n`,
  );
  s.runner(
    { [name]: toolQueue({ concurrency: 2 }) },
    alertsConfig(hook.url, { dead_letter_quiet_ms: 1500, on_dead: { command: ['node', hookScript, hookLog], timeout_ms: 10000 } }),
  );
  const added = [];
  for (let i = 0; i < 3; i += 1) added.push(await queue.add('bad', failing(i)));
  for (const job of added) await s.waitForState(name, job.id, 'failed');
  await s.waitFor('the resolve message', () => hook.received.some((body) => body.status === 'resolved'), { timeout: 20000 });
  const mine = hook.received.filter((body) => body.queue === name);
  assert.deepEqual(
    mine.map((body) => `${body.alert}/${body.status}`),
    ['dead_letters/firing', 'dead_letters/resolved'],
  );
  assert.match(mine[0].summary, /bad input/);
  assert.equal(mine[1].value, 3);

  const lines = await s.waitFor('three on_dead runs', () => {
    if (!existsSync(hookLog)) return undefined;
    const all = readFileSync(hookLog, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    return all.length === 3 ? all : undefined;
  });
  assert.deepEqual(lines.map((line) => line.id).sort(), added.map((job) => job.id).sort());
  for (const line of lines) {
    assert.equal(line.queue, name);
    assert.match(line.reason, /bad input/);
    assert.deepEqual(line.input, { queue: name, job_id: line.id, reason: line.reason });
  }
});

test('a backlog held for the duration makes one alert and one resolve', async () => {
  const hook = await webhookServer();
  const served = uniqueName('served');
  const backlog = uniqueName('backlog');
  const top = alertsConfig(hook.url, { backlog: { waiting: 3, for_ms: 500 } });
  top.metrics.queues = [backlog];
  s.runner({ [served]: toolQueue() }, top);
  const queue = s.queue(backlog);
  for (let i = 0; i < 6; i += 1) await queue.add('n', { i });
  await s.waitFor('the backlog alert', () => hook.received.some((body) => body.queue === backlog), { timeout: 20000 });
  // Held well past the duration: still one alert.
  await sleep(1000);
  s.worker(backlog, async () => 'done', { concurrency: 6 });
  await s.waitFor('the queue drained', async () => (await nonZeroCounts(queue)).completed === 6);
  await s.waitFor('the resolve message', () => hook.received.some((body) => body.queue === backlog && body.status === 'resolved'), {
    timeout: 20000,
  });
  await sleep(500);
  assert.deepEqual(
    hook.received.filter((body) => body.queue === backlog).map((body) => `${body.alert}/${body.status}`),
    ['backlog/firing', 'backlog/resolved'],
  );
  assert.equal(hook.received.filter((body) => body.queue === served).length, 0, 'the quiet queue has no alert');
});

test('500 dead letters in a minute stay within the rate limit', async () => {
  const hook = await webhookServer();
  const names = [0, 1, 2, 3].map(() => uniqueName('flood'));
  const queues = Object.fromEntries(names.map((name) => [name, toolQueue({ concurrency: 4 })]));
  // Four queues: four dead-letter incidents, one more than the limit lets through.
  s.runner(queues, alertsConfig(hook.url, { max_per_minute: 3, dead_letter_quiet_ms: 600000 }));
  for (const name of names) {
    await s.queue(name).addBulk(Array.from({ length: 125 }, (_, i) => ({ name: 'bad', data: failing(i) })));
  }
  for (const name of names) {
    await s.waitFor(`125 failed jobs in ${name}`, async () => (await nonZeroCounts(s.queue(name))).failed === 125, { timeout: 120000 });
  }
  await sleep(500);
  const firing = hook.received.filter((body) => body.alert === 'dead_letters' && body.status === 'firing');
  assert.equal(firing.length, 3, JSON.stringify(hook.received));
  assert.equal(hook.received.length, 3);
  assert.equal(new Set(firing.map((body) => body.queue)).size, 3, 'one alert per incident');
});

test('a webhook that never answers does not slow jobs', async () => {
  const hook = await webhookServer({ hang: true });
  const name = uniqueName('hang');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ concurrency: 2 }) }, alertsConfig(hook.url, { webhook: { url: hook.url, timeout_ms: 60000 } }));
  // The first dead letter sends the alert, which hangs for a minute; everything after it
  // must still run and finish meanwhile.
  const first = await queue.add('bad', failing(0));
  await s.waitForState(name, first.id, 'failed');
  await s.waitFor('the webhook request under way', () => hook.pending.length === 1);
  const jobs = [];
  for (let i = 0; i < 20; i += 1) jobs.push(await queue.add(i % 2 ? 'bad' : 'ok', i % 2 ? failing(i) : { message: `ok ${i}` }));
  for (const job of jobs) await s.waitForFinished(name, job.id);
  assert.equal(hook.pending.length, 1, 'still the first request, unanswered');
  assert.equal(hook.pending[0].writableEnded, false);
  const counts = await nonZeroCounts(queue);
  assert.deepEqual(counts, { completed: 10, failed: 11 });
});

test('Redis lost for the duration makes one alert, and one resolve when it is back; jobs run again after', async () => {
  // A Redis of this test's own: the suite's must not go away under the other tests.
  const redis = new RestartableRedis(await freePort(), s.dir);
  privateRedis.push(redis);
  await redis.start();
  const hook = await webhookServer();
  const name = uniqueName('lost');
  const runner = s.runner({ [name]: toolQueue() }, { redis: redis.url, ...alertsConfig(hook.url, { redis_lost_for_ms: 1000 }) });
  const queue = new Queue(name, { connection: { url: redis.url } });
  queue.on('error', () => {});
  try {
    const before = await queue.add('before', { message: 'before' });
    await s.waitFor('the first job', async () => (await queue.getJob(before.id))?.finishedOn, { timeout: 20000 });
    await redis.shutdown();
    await s.waitFor('the redis_lost alert', () => hook.received.some((body) => body.alert === 'redis_lost'), { timeout: 20000 });
    // Still away, well past the duration: still one alert.
    await sleep(1500);
    assert.deepEqual(hook.received.map((body) => `${body.alert}/${body.status}`), ['redis_lost/firing'], runner.tail());
    assert.match(hook.received[0].summary, /Redis unreachable/);
    await redis.start();
    await s.waitFor('the resolve message', () => hook.received.some((body) => body.alert === 'redis_lost' && body.status === 'resolved'),
      { timeout: 20000 });
    const after = await queue.add('after', { message: 'after' });
    await s.waitFor('a job after the outage', async () => (await queue.getJob(after.id))?.finishedOn, { timeout: 20000 });
    await sleep(500);
    assert.deepEqual(hook.received.map((body) => `${body.alert}/${body.status}`), ['redis_lost/firing', 'redis_lost/resolved']);
    assert.equal((await queue.getJob(after.id)).returnvalue.message, 'after');
  } finally {
    await queue.close();
  }
});

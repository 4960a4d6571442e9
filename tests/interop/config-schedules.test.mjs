// Schedules declared in queue-runner's config: upserted at start through BullMQ's own
// addJobScheduler script, so the Node API sees exactly what its own upsertJobScheduler makes;
// runners starting together agree; a changed entry updates its scheduler; a deleted entry is
// removed only on request; the fleet runs each iteration once, even when a runner dies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { CronExpressionParser } from 'cron-parser';
import { REDIS_URL, RUNNER, Scenario, describeCli, runCli, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('config-schedules');
after(() => s.cleanup());

const cronNext = (pattern, tz, after) =>
  CronExpressionParser.parse(pattern, { currentDate: new Date(after), tz }).next().getTime();
const slotOf = (job) => Number(job.id.split(':').pop());
// What differs between two upserts of one scheduler made at different moments.
const withoutClock = ({ timestamp, delay, ...opts }) => opts;

test('config schedules appear in getJobSchedulers() with the next run and the iteration Node would make', async () => {
  const name = uniqueName('cfg');
  const twin = uniqueName('cfg-twin');
  const queue = s.queue(name);
  const pattern = '0 30 2 * * *';
  const tz = 'Europe/Berlin';
  const template = { name: 'recalculate', data: { scope: 'all' }, opts: { attempts: 3, backoff: { type: 'fixed', delay: 60000 } } };
  s.runner({ [name]: toolQueue() }, {
    schedules: [
      { id: 'nightly', queue: name, pattern, tz, ...template },
      { id: 'heartbeat', queue: name, every: '1h', name: 'beat', data: { message: 'beat' } },
    ],
  });
  const schedulers = await s.waitFor('both config schedules in Redis', async () => {
    const all = await queue.getJobSchedulers();
    return all.length === 2 ? all : undefined;
  });
  // The same scheduler made by the Node API, on a queue nobody serves, for comparison.
  const twinQueue = s.queue(twin);
  await twinQueue.upsertJobScheduler('nightly', { pattern, tz }, template);

  const nightly = schedulers.find((scheduler) => scheduler.key === 'nightly');
  assert.equal(nightly.next, cronNext(pattern, tz, Date.now()));
  const nodeMade = await twinQueue.getJobScheduler('nightly');
  assert.deepEqual({ ...nightly }, { ...nodeMade });
  const ours = await queue.getJob(`repeat:nightly:${nightly.next}`);
  const theirs = await twinQueue.getJob(`repeat:nightly:${nodeMade.next}`);
  assert.ok(ours, 'the pending iteration exists with BullMQ\'s id');
  assert.equal(await ours.getState(), 'delayed');
  assert.equal(ours.name, theirs.name);
  assert.deepEqual(ours.data, theirs.data);
  assert.deepEqual(withoutClock(ours.opts), withoutClock(theirs.opts));
  assert.ok(Math.abs(ours.opts.delay - (nightly.next - ours.timestamp)) <= 1, JSON.stringify(ours.opts));

  const heartbeat = schedulers.find((scheduler) => scheduler.key === 'heartbeat');
  assert.equal(heartbeat.every, 3600000);
  assert.equal(heartbeat.name, 'beat');
  // An `every` scheduler's first iteration is due at once: the runner runs it.
  await s.waitFor('the first heartbeat ran', async () => (await queue.getJobCounts()).completed >= 1);
});

test('a changed entry updates its scheduler; a deleted one stays until pruned; the Node app\'s are never touched', async () => {
  const name = uniqueName('cfg-change');
  const queue = s.queue(name);
  await queue.upsertJobScheduler('node-made', { pattern: '0 0 6 * * *', tz: 'UTC' }, { name: 'app', data: {} });
  const first = s.runner({ [name]: toolQueue() }, {
    schedules: [
      { id: 'report', queue: name, pattern: '0 0 4 * * *', tz: 'UTC', data: { v: 1 } },
      { id: 'old', queue: name, pattern: '0 0 5 * * *', tz: 'UTC' },
    ],
  });
  await s.waitFor('the first config in Redis', async () => (await queue.getJobSchedulers()).length === 3);
  const before = await queue.getJobScheduler('report');
  await first.stop();

  const changed = s.runner({ [name]: toolQueue() }, {
    schedules: [{ id: 'report', queue: name, pattern: '0 15 5 * * *', tz: 'Asia/Tokyo', data: { v: 2 } }],
  });
  const report = await s.waitFor('the changed entry in Redis', async () => {
    const scheduler = await queue.getJobScheduler('report');
    return scheduler?.pattern === '0 15 5 * * *' ? scheduler : undefined;
  });
  assert.equal(report.tz, 'Asia/Tokyo');
  assert.deepEqual(report.template.data, { v: 2 });
  assert.equal(report.next, cronNext('0 15 5 * * *', 'Asia/Tokyo', Date.now()));
  assert.equal(await queue.getJob(`repeat:report:${before.next}`), undefined, 'the old pattern\'s iteration is gone');
  assert.equal((await queue.getJob(`repeat:report:${report.next}`)).data.v, 2);
  await s.waitFor('the warning about the deleted entry', () => changed.tail().includes(`schedule ${name}/old is no longer in the configuration`));
  assert.ok(await queue.getJobScheduler('old'), 'a deleted entry stays without the flag');
  await changed.stop();

  const prune = await runCli(['schedules', 'prune', '--config', changed.configPath]);
  assert.equal(prune.code, 0, describeCli(prune));
  assert.match(prune.stdout, new RegExp(`removed ${name}/old`));
  assert.equal(await queue.getJobScheduler('old'), undefined);
  assert.equal((await queue.getDelayed()).filter((job) => job.repeatJobKey === 'old').length, 0);
  assert.ok(await queue.getJobScheduler('report'));
  assert.ok(await queue.getJobScheduler('node-made'), 'prune leaves the Node app\'s scheduler');

  // `run --prune-schedules` does the same at start.
  const { file } = s.writeConfig({ [name]: toolQueue() }, { schedules: [] });
  const runner = spawn(RUNNER, ['run', '--config', file, '--prune-schedules'], { stdio: 'ignore', env: { ...process.env, REDIS_URL } });
  try {
    await s.waitFor('report pruned at start', async () => (await queue.getJobScheduler('report')) === undefined);
  } finally {
    runner.kill('SIGKILL');
  }
  assert.ok(await queue.getJobScheduler('node-made'));
});

test('a restart with an unchanged config keeps the iteration that fell due while no runner ran', async () => {
  const name = uniqueName('cfg-restart');
  const queue = s.queue(name);
  const top = { schedules: [{ id: 'due', queue: name, pattern: '*/2 * * * * *', tz: 'UTC', data: { message: 'due' } }] };
  const first = s.runner({ [name]: toolQueue() }, top);
  await s.waitFor('the scheduler', () => queue.getJobScheduler('due'));
  await first.kill();
  const { next } = await queue.getJobScheduler('due');
  await s.waitFor('its pending iteration due', () => Date.now() > next + 300);
  s.runner({ [name]: toolQueue() }, top);
  const due = await s.waitForFinished(name, `repeat:due:${next}`, 10000);
  assert.equal(await due.getState(), 'completed');
});

test('three runners and a Node worker on one config schedule run each of 30 iterations once', async () => {
  const name = uniqueName('cfg-fleet');
  const queue = s.queue(name);
  const schedules = [{ id: 'tick', queue: name, pattern: '* * * * * *', tz: 'UTC', data: { message: 'tick' } }];
  const nodeRuns = [];
  for (let i = 0; i < 3; i++) s.runner({ [name]: toolQueue() }, { schedules });
  s.worker(name, async (job) => {
    nodeRuns.push(job.id);
    return { message: job.data.message, by: 'node' };
  });
  await s.waitFor('30 completed iterations', async () => (await queue.getJobCounts()).completed >= 30, { timeout: 60000 });
  await queue.removeJobScheduler('tick');
  await s.waitFor('nothing active', async () => (await queue.getJobCounts()).active === 0);

  const completed = (await queue.getJobs(['completed'], 0, -1)).sort((a, b) => slotOf(a) - slotOf(b));
  const slots = completed.map(slotOf);
  assert.equal(new Set(slots).size, slots.length, 'no instant twice');
  for (const job of completed) {
    assert.match(job.id, /^repeat:tick:\d+$/);
    assert.equal(slotOf(job) % 1000, 0, `${job.id} is on a whole second`);
    assert.equal(job.attemptsStarted, 1, `${job.id} started ${job.attemptsStarted} times`);
    assert.ok(job.processedOn >= slotOf(job), `${job.id} ran before its instant`);
  }
  assert.equal(new Set(nodeRuns).size, nodeRuns.length, 'the Node worker ran no job twice');
  assert.equal((await queue.getJobCounts()).failed, 0);
});

test('a runner killed in the middle of an iteration does not lose the next one', async () => {
  const name = uniqueName('cfg-kill');
  const queue = s.queue(name);
  const top = {
    lock_duration_ms: 1500,
    stalled_interval_ms: 500,
    schedules: [{ id: 'slow', queue: name, pattern: '*/3 * * * * *', tz: 'UTC', data: { message: 'slow', sleep_ms: 1500 } }],
  };
  const victim = s.runner({ [name]: toolQueue() }, top);
  const running = await s.waitFor('an iteration running', async () => (await queue.getJobs(['active']))[0], { timeout: 15000 });
  // The runner makes the next iteration just after it takes this one (as BullMQ's Worker
  // does): kill it after that, while the iteration still runs.
  await s.waitFor('the next iteration made', async () => {
    const made = await queue.getJobScheduler('slow');
    return made && made.next > slotOf(running) ? made : null;
  }, { timeout: 5000 });
  await victim.kill();
  // The next iteration was made when the killed runner took this one.
  const scheduler = await queue.getJobScheduler('slow');
  assert.ok(scheduler.next > slotOf(running), `next ${scheduler.next} after ${running.id}`);
  const nextId = `repeat:slow:${scheduler.next}`;
  assert.ok(await queue.getJob(nextId), `${nextId} exists after the kill`);

  s.runner({ [name]: toolQueue() }, top);
  const next = await s.waitForFinished(name, nextId, 20000);
  assert.equal(await next.getState(), 'completed');
  // The killed iteration itself is taken again once its lock expires.
  const again = await s.waitForFinished(name, running.id, 20000);
  assert.equal(await again.getState(), 'completed');
});

// Cron `pattern` job schedulers made through the Node API and served by queue-runner: the
// runner creates each next iteration as BullMQ's Worker does (same script, ids, delay and
// options), so a runner alone keeps the schedule going in its time zone, and a runner and a
// Node worker sharing the queue run every iteration exactly once.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { CronExpressionParser } from 'cron-parser';
import { DateTime } from 'luxon';
import { REDIS_URL, Scenario, describeCli, runCli, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('cron-scheduler');
after(() => s.cleanup());

const TZ = 'Asia/Kathmandu';

// Every 2 seconds, but only in the current and the next hour of Kathmandu's wall clock (an
// offset of +05:45): a runner that ignored the tz would find no instant for hours.
function kathmanduPattern() {
  const hour = DateTime.now().setZone(TZ).hour;
  return `*/2 * ${hour},${(hour + 1) % 24} * * *`;
}

const cronNext = (pattern, after) =>
  CronExpressionParser.parse(pattern, { currentDate: new Date(after), tz: TZ }).next().getTime();

const slotOf = (job) => Number(job.id.split(':').pop());

test('a pattern scheduler served only by queue-runner: iterations at the cron instants, with BullMQ ids and data', async () => {
  const name = uniqueName('cron-only');
  const queue = s.queue(name);
  const pattern = kathmanduPattern();
  s.runner({ [name]: toolQueue() });
  await queue.upsertJobScheduler('kathmandu', { pattern, tz: TZ }, { name: 'tick', data: { message: 'namaste' }, opts: { attempts: 2 } });
  await s.waitFor('4 completed iterations', async () => (await queue.getJobCounts()).completed >= 4, { timeout: 30000 });

  const completed = (await queue.getJobs(['completed'], 0, -1)).sort((a, b) => slotOf(a) - slotOf(b));
  for (const job of completed) {
    const slot = slotOf(job);
    assert.match(job.id, /^repeat:kathmandu:\d+$/);
    assert.equal(cronNext(pattern, slot - 1000), slot, `${job.id} is not an instant of ${pattern} in ${TZ}`);
    assert.equal(job.name, 'tick');
    assert.deepEqual(job.data, { message: 'namaste' });
    assert.equal(job.returnvalue.message, 'namaste');
    assert.equal(job.repeatJobKey, 'kathmandu');
    assert.equal(job.opts.prevMillis, slot);
    assert.equal(job.opts.attempts, 2);
    assert.equal(job.opts.repeat.pattern, pattern);
    assert.equal(job.opts.repeat.tz, TZ);
    assert.ok(job.processedOn >= slot, `${job.id} ran at ${job.processedOn}, before its instant`);
  }
  // Iterations the runner made follow one another on the schedule, counted as BullMQ counts.
  for (let i = 1; i < completed.length; i++) {
    const previous = completed[i - 1];
    assert.ok(slotOf(completed[i]) >= cronNext(pattern, slotOf(previous)), `${completed[i].id} after ${previous.id}`);
    assert.equal(completed[i].opts.repeat.count, previous.opts.repeat.count + 1, `${completed[i].id} count`);
  }

  // The pending iteration is the scheduler's `next`, with the id and delay BullMQ gives it.
  const scheduler = await queue.getJobScheduler('kathmandu');
  assert.ok(scheduler, 'the scheduler still exists');
  assert.equal(scheduler.pattern, pattern);
  assert.equal(scheduler.tz, TZ);
  const pending = await queue.getJob(`repeat:kathmandu:${scheduler.next}`);
  assert.ok(pending, `iteration repeat:kathmandu:${scheduler.next} exists`);
  assert.equal(pending.opts.prevMillis, scheduler.next);
  assert.ok(pending.opts.delay <= scheduler.next - pending.timestamp + 5, JSON.stringify(pending.opts));
  assert.equal(scheduler.iterationCount, pending.opts.repeat.count);
  await queue.removeJobScheduler('kathmandu');
});

test('a runner and a Node worker on one pattern scheduler run every iteration exactly once', async () => {
  const name = uniqueName('cron-shared');
  const queue = s.queue(name);
  const pattern = kathmanduPattern();
  s.runner({ [name]: toolQueue() });
  const nodeRuns = [];
  s.worker(name, async (job) => {
    nodeRuns.push(job.id);
    return { message: job.data.message, by: 'node' };
  });
  await queue.upsertJobScheduler('shared', { pattern, tz: TZ }, { name: 'tick', data: { message: 'both' } });
  await s.waitFor('8 completed iterations', async () => (await queue.getJobCounts()).completed >= 8, { timeout: 45000 });
  await queue.removeJobScheduler('shared');

  const completed = await queue.getJobs(['completed'], 0, -1);
  const ids = completed.map((job) => job.id);
  assert.equal(new Set(ids).size, ids.length, 'no iteration id twice');
  for (const job of completed) {
    assert.equal(job.attemptsStarted ?? job.attemptsMade, 1, `${job.id} started more than once`);
    assert.equal(cronNext(pattern, slotOf(job) - 1000), slotOf(job));
  }
  // Every iteration made so far ran once: their counts are 1..n without a gap or a repeat.
  const counts = completed.map((job) => job.opts.repeat.count).sort((a, b) => a - b);
  assert.deepEqual(counts, counts.map((_, i) => i + 1), `iteration counts ${counts.join(',')}`);
  const counts2 = await queue.getJobCounts();
  assert.equal(counts2.failed, 0);
});

test('schedules list prints the Node app\'s schedulers with their next three runs in their zone', async () => {
  const name = uniqueName('cron-list');
  const queue = s.queue(name);
  const nightly = '0 30 2 * * *';
  await queue.upsertJobScheduler('nightly-rankings', { pattern: nightly, tz: 'Europe/Berlin' }, { name: 'rankings', data: {} });
  await queue.upsertJobScheduler('heartbeat', { every: 60000 }, { name: 'beat', data: {} });
  const result = await runCli(['schedules', 'list', '--queue', name, '--redis', REDIS_URL, '--json']);
  assert.equal(result.code, 0, describeCli(result));
  const listed = Object.fromEntries(JSON.parse(result.stdout).map((entry) => [entry.id, entry]));

  const rankings = await queue.getJobScheduler('nightly-rankings');
  const expected = [rankings.next];
  const cron = CronExpressionParser.parse(nightly, { currentDate: new Date(rankings.next), tz: 'Europe/Berlin' });
  expected.push(cron.next().getTime(), cron.next().getTime());
  assert.deepEqual(listed['nightly-rankings'].next, expected);
  assert.equal(listed['nightly-rankings'].tz, 'Europe/Berlin');
  for (const [i, text] of listed['nightly-rankings'].next_local.entries()) {
    const local = DateTime.fromMillis(expected[i], { zone: 'Europe/Berlin' });
    assert.equal(text, local.toFormat('yyyy-MM-dd HH:mm:ss ZZ'));
  }
  const heartbeat = await queue.getJobScheduler('heartbeat');
  assert.deepEqual(listed.heartbeat.next, [heartbeat.next, heartbeat.next + 60000, heartbeat.next + 120000]);

  const text = await runCli(['schedules', 'list', '--queue', name, '--redis', REDIS_URL]);
  assert.equal(text.code, 0, describeCli(text));
  assert.match(text.stdout, new RegExp(`${name}/nightly-rankings \\(rankings\\): 0 30 2 \\* \\* \\* Europe/Berlin`));
  assert.match(text.stdout, / 02:30:00 \+0[12]:00/);
});

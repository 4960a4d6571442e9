// `queue-runner add` makes an ordinary bullmq job; `queue-runner stats` counts per queue.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { REDIS_URL, Scenario, describeCli, runCli, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('cliadd');
after(() => s.cleanup());

test('add with data on stdin and --opts (attempts, delay): Node sees name, data, opts', async () => {
  const name = uniqueName('add');
  const queue = s.queue(name);
  const data = { message: 'from the cli', nested: { list: [1, 2, 3], text: 'ü ✓' } };
  const result = await runCli(['add', name, 'cli-job', '--opts', JSON.stringify({ attempts: 4, delay: 60000 })], {
    input: JSON.stringify(data),
    env: { REDIS_URL },
  });
  assert.equal(result.code, 0, describeCli(result));
  const id = result.stdout.trim();
  assert.match(id, /^\S+$/, `prints the job id: ${describeCli(result)}`);
  const job = await Job.fromId(queue, id);
  assert.ok(job, `job ${id} exists`);
  assert.equal(job.name, 'cli-job');
  assert.deepEqual(job.data, data);
  assert.equal(job.opts.attempts, 4);
  assert.equal(job.opts.delay, 60000);
  assert.equal(await job.getState(), 'delayed');
  assert.ok(Math.abs(job.timestamp - Date.now()) < 60000, 'timestamp is the add time in ms');
  assert.equal(job.attemptsMade, 0);
});

test('add with --data-file and --redis, a custom jobId and priority; the runner then completes it', async () => {
  const name = uniqueName('addfile');
  const queue = s.queue(name);
  const file = path.join(s.dir, 'data.json');
  writeFileSync(file, JSON.stringify({ message: 'from a file' }));
  const result = await runCli(['add', name, 'filejob', '--data-file', file, '--redis', REDIS_URL,
    '--opts', JSON.stringify({ jobId: 'my-custom-id', priority: 3, removeOnComplete: false })]);
  assert.equal(result.code, 0, describeCli(result));
  assert.equal(result.stdout.trim(), 'my-custom-id');
  const added = await Job.fromId(queue, 'my-custom-id');
  assert.equal(added.opts.priority, 3);
  assert.equal(await added.getState(), 'prioritized');
  s.runner({ [name]: toolQueue() });
  const job = await s.waitForFinished(name, 'my-custom-id');
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.equal(job.returnvalue.message, 'from a file');

  // the same custom id again: bullmq returns the existing job, nothing new is added
  const again = await runCli(['add', name, 'filejob', '--data-file', file, '--redis', REDIS_URL, '--opts', JSON.stringify({ jobId: 'my-custom-id' })]);
  assert.equal(again.code, 0, describeCli(again));
  assert.equal(again.stdout.trim(), 'my-custom-id');
  assert.equal((await queue.getJobCounts()).completed, 1);
  assert.equal((await queue.getJobCounts()).waiting, 0);
});

test('add with --prefix writes under that prefix', async () => {
  const prefix = uniqueName('pfx');
  const other = new Scenario('cliadd-prefix', { prefix });
  try {
    const name = uniqueName('addpfx');
    const result = await runCli(['add', name, 'p', '--prefix', prefix], { input: '{"message":"p"}', env: { REDIS_URL } });
    assert.equal(result.code, 0, describeCli(result));
    const job = await Job.fromId(other.queue(name), result.stdout.trim());
    assert.ok(job, 'found under the prefix');
    assert.deepEqual(job.data, { message: 'p' });
    assert.equal(await Job.fromId(s.queue(name), result.stdout.trim()), undefined, 'not under bull');
  } finally {
    await other.cleanup();
  }
});

test('add refuses invalid input (bad JSON data, bad opts) with a non-zero exit and adds nothing', async () => {
  const name = uniqueName('addbad');
  const queue = s.queue(name);
  const badData = await runCli(['add', name, 'x'], { input: '{not json', env: { REDIS_URL } });
  assert.notEqual(badData.code, 0, describeCli(badData));
  const badOpts = await runCli(['add', name, 'x', '--opts', '{oops'], { input: '{}', env: { REDIS_URL } });
  assert.notEqual(badOpts.code, 0, describeCli(badOpts));
  const counts = await queue.getJobCounts();
  assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), 0);
});

// bullmq's Queue.add refuses these ids ('Custom Id cannot be integers' / 'cannot contain :').
// An integer custom id collides with a later auto id: Node's auto-id add overwrites that job's hash
// and the id sits in 'wait' twice.
test('add refuses custom ids that bullmq refuses: integers, and ":" outside the a:b:c shape', async () => {
  const name = uniqueName('addids');
  const queue = s.queue(name);
  const intId = await runCli(['add', name, 'x', '--opts', '{"jobId":"3"}'], { input: '{"message":"cli"}', env: { REDIS_URL } });
  const colonId = await runCli(['add', name, 'x', '--opts', '{"jobId":"a:b"}'], { input: '{"message":"cli"}', env: { REDIS_URL } });
  assert.notEqual(intId.code, 0, `an integer custom id is refused like bullmq does: ${describeCli(intId)}`);
  assert.notEqual(colonId.code, 0, `a custom id with one ':' is refused like bullmq does: ${describeCli(colonId)}`);
  assert.equal(Object.values(await queue.getJobCounts()).reduce((a, b) => a + b, 0), 0);
});

test('stats --json counts per state for the configured queues', async () => {
  const a = uniqueName('sa');
  const b = uniqueName('sb');
  const qa = s.queue(a);
  const qb = s.queue(b);
  await qa.add('x', { message: 'x' });
  await qa.add('x', { message: 'x' });
  await qa.add('x', { message: 'x' }, { delay: 60000 });
  await qb.add('x', { message: 'x' });
  const { file } = s.writeConfig({ [a]: toolQueue(), [b]: toolQueue() });
  const result = await runCli(['stats', '--json', '--config', file]);
  assert.equal(result.code, 0, describeCli(result));
  const stats = JSON.parse(result.stdout);
  const text = JSON.stringify(stats);
  assert.ok(text.includes(a) && text.includes(b), `both queues listed: ${text}`);
  // Find the per-queue counts wherever the runner put them: an object keyed by queue, or an array of {queue,...}.
  const find = (queueName) => {
    if (stats.queues && !Array.isArray(stats.queues)) return stats.queues[queueName];
    const list = Array.isArray(stats) ? stats : stats.queues;
    return list?.find((entry) => entry.queue === queueName || entry.name === queueName);
  };
  const sa = find(a);
  assert.ok(sa, `counts for ${a}: ${text}`);
  const counts = sa.counts ?? sa;
  assert.equal(counts.waiting ?? counts.wait, 2, text);
  assert.equal(counts.delayed, 1, text);
  const human = await runCli(['stats', '--config', file]);
  assert.equal(human.code, 0, describeCli(human));
  assert.ok(human.stdout.includes(a), describeCli(human));
});

// The same add through `queue-runner add` and through bullmq's Queue.add must store the same job options.
test('add stores the same options as bullmq Queue.add (backoff number, retention, lifo, priority, delay)', async () => {
  const variants = [
    {},
    { attempts: 3, backoff: 1000 },
    { attempts: 2, backoff: { type: 'exponential', delay: 100, jitter: 0.5 } },
    { delay: 5000 },
    { priority: 2 },
    { lifo: true },
    { removeOnComplete: true, removeOnFail: { count: 5 } },
    { removeOnComplete: { age: 3600, count: 10 } },
    { jobId: 'same-custom-id' },
    { stackTraceLimit: 2, keepLogs: 5 },
  ];
  for (const opts of variants) {
    const viaNodeName = uniqueName('node-add');
    const viaCliName = uniqueName('cli-add');
    const data = { message: 'compare' };
    const nodeJob = await s.queue(viaNodeName).add('cmp', data, opts);
    const cli = await runCli(['add', viaCliName, 'cmp', '--opts', JSON.stringify(opts)], { input: JSON.stringify(data), env: { REDIS_URL } });
    assert.equal(cli.code, 0, describeCli(cli));
    const fromNode = await Job.fromId(s.queue(viaNodeName), nodeJob.id);
    const fromCli = await Job.fromId(s.queue(viaCliName), cli.stdout.trim());
    assert.deepEqual(fromCli.opts, fromNode.opts, `opts for ${JSON.stringify(opts)}`);
    assert.equal(fromCli.delay, fromNode.delay);
    assert.equal(fromCli.priority, fromNode.priority);
    assert.equal(await fromCli.getState(), await fromNode.getState(), `state for ${JSON.stringify(opts)}`);
    if (opts.jobId) assert.equal(fromCli.id, opts.jobId);
  }
});

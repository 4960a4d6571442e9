// A job added by Node is run by queue-runner: returnvalue, state, QueueEvents 'completed', counts.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, TOOL, nonZeroCounts, toolQueue, uniqueName, waitForEvent } from './lib/harness.mjs';

const s = new Scenario('complete');
after(() => s.cleanup());

test('a job completes with the tool result as returnvalue, seen by Job, QueueEvents and getJobCounts', async () => {
  const name = uniqueName('complete');
  const queue = s.queue(name);
  const { log } = await s.events(name);
  s.runner({ [name]: toolQueue() });

  const added = await queue.add('greet', { message: 'hello from node' });
  const job = await s.waitForFinished(name, added.id);

  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.deepEqual(job.returnvalue, { message: 'hello from node', recipients: 0, job_id: added.id, attempt: 1 });
  assert.equal(job.attemptsMade, 1);
  assert.equal(job.name, 'greet');
  assert.deepEqual(job.data, { message: 'hello from node' });
  assert.ok(job.processedOn >= job.timestamp, 'processedOn is set and not before the job was added');
  assert.ok(job.finishedOn >= job.processedOn, 'finishedOn is set and not before processedOn');
  assert.equal(job.failedReason, undefined);

  const completed = await waitForEvent(s, log, `'completed' event for ${added.id}`, (e) => e.event === 'completed' && e.jobId === added.id);
  assert.deepEqual(completed.returnvalue, job.returnvalue);
  assert.equal(completed.prev, 'active');
  assert.ok(log.some((e) => e.event === 'active' && e.jobId === added.id), "an 'active' event was emitted");

  assert.deepEqual(await nonZeroCounts(queue), { completed: 1 });
});

test('several jobs each complete once with their own data', async () => {
  const name = uniqueName('complete-many');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ concurrency: 3 }) });
  const jobs = await queue.addBulk(Array.from({ length: 12 }, (_, i) => ({ name: 'n', data: { message: `m${i}` } })));
  await s.waitFor('12 completed jobs', async () => (await queue.getJobCounts()).completed === 12);
  for (const [i, added] of jobs.entries()) {
    const job = await Job.fromId(queue, added.id);
    assert.equal(job.returnvalue.message, `m${i}`);
    assert.equal(job.returnvalue.job_id, added.id);
  }
  assert.deepEqual(await nonZeroCounts(queue), { completed: 12 });
});

test('jobs.<name>.command routes one job name to another argv', async () => {
  const name = uniqueName('route');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ command: ['/bin/false'], jobs: { routed: { command: [TOOL] } } }) });
  const routed = await queue.add('routed', { message: 'via route' });
  const other = await queue.add('other', { message: 'via queue command' });
  const routedJob = await s.waitForFinished(name, routed.id);
  const otherJob = await s.waitForFinished(name, other.id);
  assert.equal(await routedJob.getState(), 'completed', `failedReason: ${routedJob.failedReason}`);
  assert.equal(routedJob.returnvalue.message, 'via route');
  assert.equal(await otherJob.getState(), 'failed', '/bin/false exits 1: the job fails');
});

test('the job environment carries JOB_ID and JOB_ATTEMPT; queue env reaches the tool', async () => {
  const name = uniqueName('env');
  const queue = s.queue(name);
  // /usr/bin/env prints its environment; a one-line JSON printer via node keeps it argv-only.
  const script = 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const e=process.env;' +
    'process.stdout.write(JSON.stringify({id:e.JOB_ID,name:e.JOB_NAME,queue:e.JOB_QUEUE,attempt:e.JOB_ATTEMPT,' +
    'attempts:e.JOB_ATTEMPTS,extra:e.EXTRA_SETTING,input:JSON.parse(s)}))})';
  s.runner({ [name]: { command: [process.execPath, '-e', script], concurrency: 1, env: { EXTRA_SETTING: 'on' } } });
  const added = await queue.add('envjob', { message: 'env' }, { attempts: 2 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}`);
  assert.deepEqual(job.returnvalue, {
    id: added.id, name: 'envjob', queue: name, attempt: '1', attempts: '2', extra: 'on', input: { message: 'env' },
  });
});

test('any JSON value on stdout is the returnvalue (number, string, array, null)', async () => {
  const name = uniqueName('values');
  const queue = s.queue(name);
  const printers = { number: '42', string: '"some text"', array: '[1,"two",{"three":3}]', null: 'null' };
  const jobs = Object.fromEntries(Object.entries(printers).map(([label, json]) => [label, { command: ['/bin/sh', '-c', `cat >/dev/null; echo '${json}'`] }]));
  s.runner({ [name]: { command: ['/bin/false'], concurrency: 1, jobs } });
  for (const [label, json] of Object.entries(printers)) {
    const added = await queue.add(label, { message: label });
    const job = await s.waitForFinished(name, added.id);
    assert.equal(await job.getState(), 'completed', `${label}: failedReason ${job.failedReason}`);
    assert.deepEqual(job.returnvalue, JSON.parse(json), label);
  }
});

test('failedReason is the raw message text (newlines, quotes, unicode)', async () => {
  const name = uniqueName('rawreason');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue() });
  const message = 'line one\nline "two" with ünïcödé ✓ and a \\ backslash';
  const added = await queue.add('x', { message: 'x', fail: { kind: 'invalid_data', message } });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.failedReason, message);
});

// A job failing for the last time stays failed and gets a dead-letter entry; the dlq CLI lists, shows and retries it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { REDIS_URL, Scenario, describeCli, runCli, toolQueue, uniqueName } from './lib/harness.mjs';

// A private prefix, so the default dead-letter queue name ("dead-letter") is not shared with other files.
const prefix = uniqueName('jkdl');
const s = new Scenario('deadletter', { prefix, deadLetter: null });
after(() => s.cleanup());

const DLQ = 'dead-letter';

test('exhausted attempts: job stays failed, one dead-letter entry with the documented fields', async () => {
  const name = uniqueName('exhaust');
  const queue = s.queue(name);
  const dlq = s.queue(DLQ);
  const runner = s.runner({ [name]: toolQueue() });
  const data = { message: 'x', log: ['line before failing'], fail: { kind: 'temporary', message: 'mail server busy' } };
  const before = Date.now();
  const added = await queue.add('send', data, { attempts: 2, backoff: { type: 'fixed', delay: 200 } });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.equal(job.attemptsMade, 2);
  assert.equal(job.failedReason, 'mail server busy');

  const dlqId = `dlq:${name}:${added.id}`;
  const entry = await s.waitFor(`dead-letter entry ${dlqId}`, () => Job.fromId(dlq, dlqId), { timeout: 10000 });
  assert.equal(entry.name, name);
  const d = entry.data;
  assert.equal(d.queue, name);
  assert.equal(d.job_id, added.id);
  assert.equal(d.name, 'send');
  assert.deepEqual(d.data, data);
  assert.equal(d.opts.attempts, 2);
  assert.deepEqual(d.opts.backoff, { type: 'fixed', delay: 200 });
  assert.equal(d.failed_reason, 'mail server busy');
  assert.equal(d.attempts_made, 2);
  assert.equal(d.exit_code, 75);
  assert.equal(d.signal, null);
  assert.ok(Array.isArray(d.log_tail), 'log_tail is an array');
  assert.ok(d.log_tail.some((line) => line.includes('line before failing')), `log_tail: ${JSON.stringify(d.log_tail)}`);
  assert.equal(typeof d.failed_at, 'number');
  assert.ok(d.failed_at >= before && d.failed_at <= Date.now() + 1000, `failed_at ${d.failed_at}`);
  // Only one entry for this job.
  const entries = await dlq.getJobs(['waiting', 'completed', 'failed', 'delayed', 'active', 'prioritized'], 0, -1);
  assert.equal(entries.filter((e) => e.data?.job_id === added.id && e.data?.queue === name).length, 1);
  void runner;
});

test('a job that completes, or fails with attempts left, has no dead-letter entry', async () => {
  const name = uniqueName('nodl');
  const queue = s.queue(name);
  const dlq = s.queue(DLQ);
  s.runner({ [name]: toolQueue() });
  const ok = await queue.add('ok', { message: 'fine' });
  const retried = await queue.add('retried', { message: 'x', fail_until_attempt: 2 }, { attempts: 2 });
  await s.waitForState(name, ok.id, 'completed');
  await s.waitForState(name, retried.id, 'completed');
  assert.equal(await Job.fromId(dlq, `dlq:${name}:${ok.id}`), undefined);
  assert.equal(await Job.fromId(dlq, `dlq:${name}:${retried.id}`), undefined);
});

test('dlq list / show / retry (with edited data) / purge', async () => {
  const name = uniqueName('dlqcli');
  const queue = s.queue(name);
  const dlq = s.queue(DLQ);
  const { file: config } = s.writeConfig({ [name]: toolQueue() });
  const runner = s.runner({ [name]: toolQueue() });
  const added = await queue.add('send', { message: 'x', fail: { kind: 'invalid_data', message: 'bad recipient' } }, { attempts: 3 });
  await s.waitForState(name, added.id, 'failed');
  const dlqId = `dlq:${name}:${added.id}`;
  await s.waitFor('dead-letter entry', () => Job.fromId(dlq, dlqId), { timeout: 10000 });

  const list = await runCli(['dlq', 'list', '--config', config, '--json']);
  assert.equal(list.code, 0, describeCli(list));
  assert.ok(JSON.stringify(JSON.parse(list.stdout)).includes(dlqId), `dlq list --json names ${dlqId}: ${list.stdout}`);

  const listQueue = await runCli(['dlq', 'list', name, '--redis', REDIS_URL, '--prefix', prefix, '--json']);
  assert.equal(listQueue.code, 0, describeCli(listQueue));
  assert.ok(JSON.stringify(JSON.parse(listQueue.stdout)).includes(dlqId), describeCli(listQueue));
  const listOther = await runCli(['dlq', 'list', uniqueName('nosuchqueue'), '--config', config, '--json']);
  assert.equal(listOther.code, 0, describeCli(listOther));
  assert.ok(!listOther.stdout.includes(dlqId), `another queue's list must not show ${dlqId}`);

  const listText = await runCli(['dlq', 'list', '--config', config]);
  assert.equal(listText.code, 0, describeCli(listText));
  assert.ok(listText.stdout.includes(dlqId), describeCli(listText));

  const show = await runCli(['dlq', 'show', dlqId, '--config', config]);
  assert.equal(show.code, 0, describeCli(show));
  assert.ok(show.stdout.includes('bad recipient'), describeCli(show));
  assert.ok(show.stdout.includes(added.id), describeCli(show));

  const missing = await runCli(['dlq', 'show', `dlq:${name}:no-such-job`, '--config', config]);
  assert.notEqual(missing.code, 0, `dlq show of a missing entry fails: ${describeCli(missing)}`);

  // Retry with edited data: the original queue gets the original job back, with the new data.
  const fixed = path.join(s.dir, 'fixed.json');
  writeFileSync(fixed, JSON.stringify({ message: 'fixed by hand' }));
  const retry = await runCli(['dlq', 'retry', dlqId, '--data-file', fixed, '--config', config]);
  assert.equal(retry.code, 0, describeCli(retry));
  const newId = retry.stdout.trim();
  assert.ok(newId.length > 0 && !newId.includes('\n'), `dlq retry prints the new id: ${describeCli(retry)}`);
  const redone = await s.waitForFinished(name, newId);
  assert.equal(await redone.getState(), 'completed', `failedReason: ${redone.failedReason}\n${runner.tail()}`);
  assert.equal(redone.name, 'send');
  assert.deepEqual(redone.data, { message: 'fixed by hand' });
  assert.equal(redone.returnvalue.message, 'fixed by hand');

  // Retry without edits re-adds the original data (which fails again).
  const retry2 = await runCli(['dlq', 'retry', dlqId, '--config', config]);
  assert.equal(retry2.code, 0, describeCli(retry2));
  const again = await s.waitForFinished(name, retry2.stdout.trim());
  assert.deepEqual(again.data, { message: 'x', fail: { kind: 'invalid_data', message: 'bad recipient' } });
  assert.equal(again.name, 'send');

  // Edited data that the tool rejects (--dry-run) is refused and nothing is added.
  const countsBefore = await queue.getJobCounts();
  const bad = path.join(s.dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ message: 'x', not_a_field: 1 }));
  const refused = await runCli(['dlq', 'retry', dlqId, '--data-file', bad, '--config', config]);
  assert.notEqual(refused.code, 0, `invalid edited data is refused: ${describeCli(refused)}`);
  assert.deepEqual(await queue.getJobCounts(), countsBefore);

  const purge = await runCli(['dlq', 'purge', '--config', config]);
  assert.equal(purge.code, 0, describeCli(purge));
  await s.waitFor('the entry to be purged', async () => (await Job.fromId(dlq, dlqId)) === undefined, { timeout: 10000 });
  const listAfter = await runCli(['dlq', 'list', '--config', config, '--json']);
  assert.equal(listAfter.code, 0, describeCli(listAfter));
  assert.ok(!listAfter.stdout.includes(dlqId), describeCli(listAfter));
});

test('dlq purge --older-than keeps recent entries', async () => {
  const name = uniqueName('purgeage');
  const queue = s.queue(name);
  const dlq = s.queue(DLQ);
  const { file: config } = s.writeConfig({ [name]: toolQueue() });
  s.runner({ [name]: toolQueue() });
  const added = await queue.add('p', { message: 'x', fail: { kind: 'invalid_data', message: 'no' } });
  const dlqId = `dlq:${name}:${added.id}`;
  await s.waitFor('dead-letter entry', () => Job.fromId(dlq, dlqId), { timeout: 30000 });
  const keep = await runCli(['dlq', 'purge', '--older-than', '1h', '--config', config]);
  assert.equal(keep.code, 0, describeCli(keep));
  assert.ok(await Job.fromId(dlq, dlqId), 'an entry younger than 1h is kept');
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const drop = await runCli(['dlq', 'purge', '--older-than', '1s', '--config', config]);
  assert.equal(drop.code, 0, describeCli(drop));
  await s.waitFor('the old entry to be purged', async () => (await Job.fromId(dlq, dlqId)) === undefined, { timeout: 10000 });
});

test('dlq retry --data-file checks the edit with the environment the queue gives its tool', async () => {
  const name = uniqueName('dryenv');
  const queue = s.queue(name);
  const dlq = s.queue(DLQ);
  // A tool that, like render-pdf without STORAGE_DIR, refuses every job (64) unless the
  // queue's environment is there, and fails for good (65) on data asking for it.
  const tool = {
    command: ['/bin/sh', '-c', 'test -n "$QUEUE_SETTING" || exit 64; grep -q broken && exit 65; echo "{}"'],
    concurrency: 1,
    env: { QUEUE_SETTING: 'present' },
  };
  const { file: config } = s.writeConfig({ [name]: tool });
  s.runner({ [name]: tool });
  const added = await queue.add('send', { state: 'broken' });
  await s.waitForState(name, added.id, 'failed');
  const dlqId = `dlq:${name}:${added.id}`;
  await s.waitFor(`dead-letter entry ${dlqId}`, () => Job.fromId(dlq, dlqId), { timeout: 10000 });
  const fixed = path.join(s.dir, 'fixed-env.json');
  writeFileSync(fixed, JSON.stringify({ state: 'mended' }));
  const retry = await runCli(['dlq', 'retry', dlqId, '--data-file', fixed, '--config', config]);
  assert.equal(retry.code, 0, describeCli(retry));
  assert.equal(await (await s.waitForFinished(name, retry.stdout.trim())).getState(), 'completed');
});

// bullmq features whose bookkeeping lives in the Lua scripts and in the options the worker passes:
// deduplication release, flows (parent/children), stacktrace accumulation, compared with bullmq's own Worker.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { FlowProducer, Job } from 'bullmq';
import { Scenario, connection, nonZeroCounts, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('features');
after(() => s.cleanup());

test('deduplication: a duplicate is ignored while the job is pending, accepted after the runner finished it', async () => {
  const name = uniqueName('dedup');
  const queue = s.queue(name);
  const first = await queue.add('d', { message: 'first', sleep_ms: 300 }, { deduplication: { id: 'same' } });
  const duplicate = await queue.add('d', { message: 'duplicate' }, { deduplication: { id: 'same' } });
  assert.equal(duplicate.id, first.id, 'bullmq returns the pending job for a duplicate');
  s.runner({ [name]: toolQueue() });
  const done = await s.waitForState(name, first.id, 'completed');
  assert.equal(done.returnvalue.message, 'first');
  const later = await queue.add('d', { message: 'later' }, { deduplication: { id: 'same' } });
  assert.notEqual(later.id, first.id, 'the deduplication id was released when the job completed');
  const laterDone = await s.waitForState(name, later.id, 'completed');
  assert.equal(laterDone.returnvalue.message, 'later');
});

test('flow: children run first, then the parent, which sees the children values', async () => {
  const name = uniqueName('flow');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ concurrency: 2 }) });
  const flows = new FlowProducer({ connection: connection() });
  s.closables.push(flows);
  const tree = await flows.add({
    name: 'parent', queueName: name, data: { message: 'parent' },
    children: [
      { name: 'child', queueName: name, data: { message: 'child 1' } },
      { name: 'child', queueName: name, data: { message: 'child 2' } },
    ],
  });
  const parent = await s.waitForFinished(name, tree.job.id, 30000);
  assert.equal(await parent.getState(), 'completed', `failedReason: ${parent.failedReason}`);
  assert.equal(parent.returnvalue.message, 'parent');
  const values = Object.values(await parent.getChildrenValues()).map((v) => v.message).sort();
  assert.deepEqual(values, ['child 1', 'child 2']);
  for (const child of tree.children) {
    const job = await Job.fromId(queue, child.job.id);
    assert.equal(await job.getState(), 'completed');
    assert.ok(job.finishedOn <= parent.processedOn, 'children finish before the parent starts');
  }
  assert.deepEqual(await nonZeroCounts(queue), { completed: 3 });
});

test('flow: a child failing for good with failParentOnFailure fails the parent', async () => {
  const name = uniqueName('flowfail');
  s.queue(name);
  s.runner({ [name]: toolQueue() });
  const flows = new FlowProducer({ connection: connection() });
  s.closables.push(flows);
  const tree = await flows.add({
    name: 'parent', queueName: name, data: { message: 'parent' },
    children: [{ name: 'child', queueName: name, data: { message: 'c', fail: { kind: 'invalid_data', message: 'child broke' } }, opts: { failParentOnFailure: true } }],
  });
  const child = await s.waitForFinished(name, tree.children[0].job.id);
  assert.equal(await child.getState(), 'failed');
  const parent = await s.waitForState(name, tree.job.id, 'failed', 30000);
  assert.ok(parent.failedReason, 'the parent has a failedReason');
});

test('flow: ignoreDependencyOnFailure lets the parent run after a child fails', async () => {
  const name = uniqueName('flowignore');
  s.queue(name);
  s.runner({ [name]: toolQueue() });
  const flows = new FlowProducer({ connection: connection() });
  s.closables.push(flows);
  const tree = await flows.add({
    name: 'parent', queueName: name, data: { message: 'parent' },
    children: [{ name: 'child', queueName: name, data: { message: 'c', fail: { kind: 'invalid_data', message: 'x' } }, opts: { ignoreDependencyOnFailure: true } }],
  });
  const parent = await s.waitForState(name, tree.job.id, 'completed', 30000);
  assert.equal(parent.returnvalue.message, 'parent');
  const ignored = await parent.getIgnoredChildrenFailures();
  assert.equal(Object.keys(ignored).length, 1);
});

// The same failing job under bullmq's Worker and under the runner: same attempts, same number of stacktrace entries.
for (const [label, opts] of [
  ['no stackTraceLimit', { attempts: 3 }],
  ['stackTraceLimit 1', { attempts: 3, stackTraceLimit: 1 }],
]) {
  test(`stacktrace accumulates across attempts like bullmq's Worker (${label})`, async () => {
    const nodeQueueName = uniqueName('st-node');
    const runnerQueueName = uniqueName('st-runner');
    const nodeQueue = s.queue(nodeQueueName);
    const runnerQueue = s.queue(runnerQueueName);
    s.worker(nodeQueueName, async () => { throw new Error('always'); });
    s.runner({ [runnerQueueName]: toolQueue() });
    const data = { message: 'x', fail: { kind: 'temporary', message: 'always' } };
    const viaNode = await nodeQueue.add('st', data, opts);
    const viaRunner = await runnerQueue.add('st', data, opts);
    const nodeJob = await s.waitForState(nodeQueueName, viaNode.id, 'failed');
    const runnerJob = await s.waitForState(runnerQueueName, viaRunner.id, 'failed');
    assert.equal(runnerJob.attemptsMade, nodeJob.attemptsMade);
    assert.equal(runnerJob.failedReason, nodeJob.failedReason);
    assert.equal(runnerJob.stacktrace.length, nodeJob.stacktrace.length,
      `runner stacktrace ${JSON.stringify(runnerJob.stacktrace)} vs node ${nodeJob.stacktrace.length} entries`);
  });
}

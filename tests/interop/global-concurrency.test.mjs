// Limits BullMQ keeps in Redis, set from Node, are honoured without added latency: with
// setGlobalConcurrency(1) the next job starts as the previous one ends (BullMQ's Worker takes
// it in the same call that finishes a job), not after the runner's idle wait.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('globalconc');
after(() => s.cleanup());

test('global concurrency 1 from Node: 12 jobs of 150 ms run one at a time, back to back', async () => {
  const name = uniqueName('gc');
  const queue = s.queue(name);
  await queue.setGlobalConcurrency(1);
  s.runner({ [name]: toolQueue({ concurrency: 8 }) });
  const started = Date.now();
  const jobs = await queue.addBulk(Array.from({ length: 12 }, (_, i) => ({ name: 'x', data: { message: `m${i}`, sleep_ms: 150 } })));
  const finished = [];
  for (const job of jobs) finished.push(await s.waitForFinished(name, job.id, 60000));
  const elapsed = Date.now() - started;
  for (const job of finished) assert.equal(await job.getState(), 'completed');
  const spans = finished.map((job) => [job.processedOn, job.finishedOn]).sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; ++i) {
    assert.ok(spans[i][0] >= spans[i - 1][1], `jobs overlapped: ${JSON.stringify(spans)}`);
  }
  // 12 × 150 ms back to back is ~2 s; waiting out the idle wait (5 s) between jobs took ~56 s.
  assert.ok(elapsed < 12000, `12 jobs took ${elapsed} ms`);
});

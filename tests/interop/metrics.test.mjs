// queue-runner run serves /metrics and /healthz: exact job counters and label sets after a
// run of mixed outcomes, queue depth for a queue only a Node worker serves, and a scrape
// that answers while every slot is busy.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Scenario, toolQueue, uniqueName } from './lib/harness.mjs';
import { get, metricsPort, parseExposition, runWithInput, select, valueOf } from './lib/metrics.mjs';

const s = new Scenario('metrics');
after(() => s.cleanup());

const metricsSection = (extra = {}) => ({ metrics: { listen: '127.0.0.1:0', collect_interval_ms: 200, ...extra } });

async function scrape(port) {
  const response = await get(port, '/metrics');
  assert.equal(response.status, 200);
  return parseExposition(response.text);
}

test('a scrape after mixed outcomes has exact counters and label sets, and promtool finds no problem', async () => {
  const name = uniqueName('mixed');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: toolQueue({ concurrency: 2, timeout_ms: 1500, kill_grace_ms: 200 }) }, metricsSection());
  const port = await metricsPort(s, runner);
  const jobs = [
    ...[1, 2, 3].map((i) => ['ok', { message: `ok ${i}` }, {}]),
    ['retried', { message: 'x', fail_until_attempt: 2 }, { attempts: 2 }],
    ...[1, 2].map((i) => ['invalid', { message: 'x', fail: { kind: 'invalid_data', message: `bad ${i}` } }, { attempts: 3 }]),
    ['crash', { message: 'x', fail: { kind: 'abort' } }, { attempts: 1 }],
    ['slow', { message: 'x', sleep_ms: 20000 }, { attempts: 1 }],
  ];
  const added = await Promise.all(jobs.map(([jobName, data, opts]) => queue.add(jobName, data, opts)));
  for (const job of added) await s.waitForFinished(name, job.id);

  // The counters are written when a job's end is recorded: read until the last one shows.
  const parsed = await s.waitFor('every job counted', async () => {
    const metrics = await scrape(port);
    const total = select(metrics, 'queue_runner_jobs_total', { queue: name }).reduce((sum, sample) => sum + sample.value, 0);
    return total === 9 ? metrics : undefined;
  });
  const series = select(parsed, 'queue_runner_jobs_total', { queue: name })
    .map((sample) => `${sample.labels.outcome}/${sample.labels.exit_class}=${sample.value}`)
    .sort();
  assert.deepEqual(series, ['completed/ok=4', 'failed/invalid_data=2', 'failed/signal=1', 'failed/timeout=1', 'retried/temporary=1']);
  for (const sample of select(parsed, 'queue_runner_jobs_total', { queue: name })) {
    assert.deepEqual(Object.keys(sample.labels).sort(), ['exit_class', 'outcome', 'queue']);
  }
  assert.equal(parsed.types.queue_runner_jobs_total, 'counter');
  assert.equal(parsed.types.queue_runner_job_duration_seconds, 'histogram');
  assert.equal(valueOf(parsed, 'queue_runner_dead_letters_total', { queue: name }), 4);
  assert.equal(valueOf(parsed, 'queue_runner_job_duration_seconds_count', { queue: name }), 9);
  assert.equal(valueOf(parsed, 'queue_runner_job_duration_seconds_bucket', { queue: name, le: '+Inf' }), 9);
  // Every run was forked by the runner itself, so wait4 measured each one.
  assert.equal(valueOf(parsed, 'queue_runner_job_cpu_seconds_count', { queue: name }), 9);
  assert.equal(valueOf(parsed, 'queue_runner_job_peak_rss_bytes_count', { queue: name }), 9);
  assert.ok(valueOf(parsed, 'queue_runner_job_peak_rss_bytes_sum', { queue: name }) > 9 * 1024 * 1024, 'a process has megabytes of RSS');
  // The job that slept was killed at 1.5 s: the duration sum holds it.
  assert.ok(valueOf(parsed, 'queue_runner_job_duration_seconds_sum', { queue: name }) >= 1.5);
  assert.equal(valueOf(parsed, 'queue_runner_slots', { queue: name }), 2);
  assert.equal(valueOf(parsed, 'queue_runner_slots_busy', { queue: name }), 0);
  assert.equal(valueOf(parsed, 'queue_runner_redis_up'), 1);

  // Depths come from the collector: the queue and its dead-letter queue.
  const depths = await s.waitFor('the depth of both queues', async () => {
    const metrics = await scrape(port);
    const failed = valueOf(metrics, 'queue_runner_queue_jobs', { queue: name, state: 'failed' });
    const letters = select(metrics, 'queue_runner_queue_jobs', { queue: s.deadLetter }).reduce((sum, x) => sum + x.value, 0);
    return failed === 4 && letters === 4 ? metrics : undefined;
  });
  assert.equal(valueOf(depths, 'queue_runner_queue_jobs', { queue: name, state: 'completed' }), 4);
  assert.equal(valueOf(depths, 'queue_runner_queue_jobs', { queue: name, state: 'wait' }), 0);
  assert.deepEqual(
    select(depths, 'queue_runner_queue_jobs', { queue: name }).map((sample) => sample.labels.state).sort(),
    ['active', 'completed', 'delayed', 'failed', 'paused', 'prioritized', 'wait', 'waiting-children'],
  );

  const text = (await get(port, '/metrics')).text;
  const promtool = await runWithInput(['promtool', 'check', 'metrics'], text);
  assert.equal(promtool.code, 0, `promtool check metrics:\n${promtool.stdout}${promtool.stderr}`);
  assert.equal(`${promtool.stdout}${promtool.stderr}`.trim(), '', 'promtool reports no problem');

  const health = await get(port, '/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.text, 'ok\n');
});

test('queue depth of a queue that only a Node worker serves', async () => {
  const served = uniqueName('runnerq');
  const nodeOnly = uniqueName('nodeq');
  const runner = s.runner({ [served]: toolQueue() }, metricsSection({ queues: [nodeOnly] }));
  const port = await metricsPort(s, runner);
  let release;
  const released = new Promise((resolve) => (release = resolve));
  s.worker(nodeOnly, async () => {
    await released;
    return 'done';
  });
  const queue = s.queue(nodeOnly);
  for (let i = 0; i < 5; i += 1) await queue.add('n', { i });

  const busy = await s.waitFor('1 active and 4 waiting in the Node queue', async () => {
    const metrics = await scrape(port);
    const active = valueOf(metrics, 'queue_runner_queue_jobs', { queue: nodeOnly, state: 'active' });
    const waiting = valueOf(metrics, 'queue_runner_queue_jobs', { queue: nodeOnly, state: 'wait' });
    return active === 1 && waiting === 4 ? metrics : undefined;
  });
  assert.ok(valueOf(busy, 'queue_runner_queue_oldest_waiting_seconds', { queue: nodeOnly }) >= 0);
  // The runner has no slots for it: it only reports it.
  assert.equal(valueOf(busy, 'queue_runner_slots', { queue: nodeOnly }), undefined);
  release();
  await s.waitFor('the Node queue drained', async () => {
    const metrics = await scrape(port);
    return (
      valueOf(metrics, 'queue_runner_queue_jobs', { queue: nodeOnly, state: 'completed' }) === 5 &&
      valueOf(metrics, 'queue_runner_queue_jobs', { queue: nodeOnly, state: 'wait' }) === 0 &&
      valueOf(metrics, 'queue_runner_queue_oldest_waiting_seconds', { queue: nodeOnly }) === 0
    );
  });
});

test('a scrape while 8 slots are busy answers at once', async () => {
  const name = uniqueName('busy');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: toolQueue({ concurrency: 8 }) }, metricsSection());
  const port = await metricsPort(s, runner);
  for (let i = 0; i < 8; i += 1) await queue.add('sleep', { message: 'x', sleep_ms: 4000 });
  await s.waitFor('8 busy slots', async () => valueOf(await scrape(port), 'queue_runner_slots_busy', { queue: name }) === 8);
  const times = [];
  for (let i = 0; i < 20; i += 1) {
    const response = await get(port, '/metrics');
    assert.equal(response.status, 200);
    times.push(response.ms);
  }
  times.sort((a, b) => a - b);
  const busyNow = valueOf(parseExposition((await get(port, '/metrics')).text), 'queue_runner_slots_busy', { queue: name });
  console.log(`scrape with 8 busy slots: median ${times[10].toFixed(2)} ms, max ${times[19].toFixed(2)} ms (the issue asks < 50 ms)`);
  assert.equal(busyNow, 8, 'the slots were still busy while scraping');
  // Generous: a loaded CI machine under the sanitizers; the figure above is the measure.
  assert.ok(times[19] < 1000, `slowest scrape ${times[19]} ms`);
});

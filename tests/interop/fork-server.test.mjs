// A queue with "fork_server": true: the runner starts the tool once as `TOOL --fork-server`
// and has it fork each job's process. Jobs must behave exactly as with exec.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, TOOL, nonZeroCounts, toolQueue, uniqueName } from './lib/harness.mjs';
import { get, metricsPort, parseExposition, valueOf } from './lib/metrics.mjs';

const s = new Scenario('fork-server');
after(() => s.cleanup());

// The pids of processes whose command line is exactly `TOOL --fork-server`, with their parent.
function forkServers() {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.length !== 2 || argv[0] !== TOOL || argv[1] !== '--fork-server') continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      found.push({ pid: Number(entry), parent });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

test('jobs run through the fork server complete with their own data, ids and attempts', async () => {
  const name = uniqueName('forked');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: toolQueue({ concurrency: 3, fork_server: true }) });
  const jobs = await queue.addBulk(Array.from({ length: 15 },
    (_, i) => ({ name: 'n', data: { message: `m${i}`, report_process: true } })));
  await s.waitFor('15 completed jobs', async () => (await queue.getJobCounts()).completed === 15);
  const servers = forkServers().filter((server) => server.parent === runner.child.pid);
  assert.equal(servers.length, 1, `one fork server, a child of the runner: ${JSON.stringify(forkServers())}`);
  const pids = new Set();
  for (const [i, added] of jobs.entries()) {
    const job = await Job.fromId(queue, added.id);
    const { process: made, ...rest } = job.returnvalue;
    assert.deepEqual(rest, { message: `m${i}`, recipients: 0, job_id: added.id, attempt: 1 });
    assert.equal(made.parent, servers[0].pid, 'forked by the server, not exec\'d by the runner');
    assert.equal(made.group, made.pid, 'each job is a process group of its own');
    pids.add(made.pid);
  }
  assert.equal(pids.size, 15, 'a fresh process for every job');
  assert.deepEqual(await nonZeroCounts(queue), { completed: 15 });

  const exit = await runner.stop(20000);
  assert.equal(exit.code, 0, `exit after SIGTERM: ${JSON.stringify(exit)}\n${runner.tail()}`);
  await s.waitFor('the fork server to exit with the runner', async () => !fs.existsSync(`/proc/${servers[0].pid}`),
    { timeout: 5000 });
});

test('retries - failures and timeouts through the fork server are judged as with exec', async () => {
  const name = uniqueName('forked-fail');
  const queue = s.queue(name);
  s.runner({ [name]: toolQueue({ fork_server: true, timeout_ms: 500, kill_grace_ms: 200 }) });
  const retried = await queue.add('r', { message: 'again', fail_until_attempt: 2 }, { attempts: 3 });
  const invalid = await queue.add('i', { message: 'bad', fail: { kind: 'invalid_data', message: 'no such contractor' } },
    { attempts: 3 });
  const crashed = await queue.add('c', { message: 'crash', fail: { kind: 'abort' } });
  const slow = await queue.add('s', { message: 'slow', sleep_ms: 60000, ignore_sigterm: true });

  const retriedJob = await s.waitForFinished(name, retried.id);
  assert.equal(await retriedJob.getState(), 'completed', `failedReason: ${retriedJob.failedReason}`);
  assert.equal(retriedJob.returnvalue.attempt, 2);
  const invalidJob = await s.waitForFinished(name, invalid.id);
  assert.equal(await invalidJob.getState(), 'failed');
  assert.equal(invalidJob.attemptsMade, 1, 'exit 65 is permanent: no retry');
  assert.match(invalidJob.failedReason, /no such contractor/);
  const crashedJob = await s.waitForFinished(name, crashed.id);
  assert.equal(crashedJob.failedReason, 'killed by signal SIGABRT');
  const slowJob = await s.waitForFinished(name, slow.id);
  assert.equal(slowJob.failedReason, 'timed out after 500 ms');
});

test('a forked job\'s CPU seconds and peak RSS reach /metrics as an exec\'d job\'s do', async () => {
  const name = uniqueName('forked-usage');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: toolQueue({ fork_server: true, env: { STORAGE_DIR: s.dir } }) },
    { metrics: { listen: '127.0.0.1:0', collect_interval_ms: 200 } });
  const port = await metricsPort(s, runner);
  // Writing 64 MiB holds both halves in memory at once, and filling them takes CPU time.
  const bytes = 64 * 1024 * 1024;
  const added = await queue.add('big', { message: 'big', write: { path: 'big.bin', bytes }, report_process: true });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}\n${runner.tail()}`);
  assert.equal(job.returnvalue.process.parent, forkServers().find((server) => server.parent === runner.child.pid)?.pid,
    'forked by the server');
  const parsed = await s.waitFor('the job measured', async () => {
    const metrics = parseExposition((await get(port, '/metrics')).text);
    return valueOf(metrics, 'queue_runner_job_peak_rss_bytes_count', { queue: name }) === 1 ? metrics : undefined;
  });
  assert.equal(valueOf(parsed, 'queue_runner_job_cpu_seconds_count', { queue: name }), 1);
  assert.ok(valueOf(parsed, 'queue_runner_job_cpu_seconds_sum', { queue: name }) > 0, 'CPU time measured');
  assert.ok(valueOf(parsed, 'queue_runner_job_peak_rss_bytes_sum', { queue: name }) >= bytes, 'the 64 MiB are in the peak');
});

test('a tool that cannot serve forks is run with exec, and its jobs still complete', async () => {
  const name = uniqueName('no-fork-server');
  const queue = s.queue(name);
  const script = 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(s))';
  const runner = s.runner({ [name]: { command: [process.execPath, '-e', script], concurrency: 1, fork_server: true } });
  const added = await queue.add('echo', { echoed: true });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}\n${runner.tail()}`);
  assert.deepEqual(job.returnvalue, { echoed: true });
  assert.match(runner.tail(), /no fork server/);
});

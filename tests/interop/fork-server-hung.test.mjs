// A fork server that stops answering (SIGSTOP here; a deadlock looks the same to the runner)
// must not hold its queue: the jobs it was serving end by their timeout_ms, the server is
// killed and replaced, and the queue drains.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, TOOL, nonZeroCounts, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('fork-server-hung');
const stoppedServers = [];
after(async () => {
  // A failed test must not leave a stopped process behind.
  for (const pid of stoppedServers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone, as it should be
    }
  }
  await s.cleanup();
});

// The processes whose parent is `parent`, with their command lines.
function childrenOf(parent) {
  const found = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== parent) continue;
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      found.push({ pid: Number(entry), argv });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

const serversOf = (runner) =>
  childrenOf(runner.pid).filter(({ argv }) => argv.length === 2 && argv[0] === TOOL && argv[1] === '--fork-server');

function theServerOf(runner) {
  const servers = serversOf(runner);
  assert.equal(servers.length, 1, `one fork server under the runner: ${JSON.stringify(servers)}`);
  return servers[0].pid;
}

function stop(pid) {
  stoppedServers.push(pid);
  process.kill(pid, 'SIGSTOP');
}

// The pid of the server that forked each job, from the contract tool's report_process.
async function parentsOf(queue, added) {
  const parents = new Set();
  for (const { id } of added) parents.add((await Job.fromId(queue, id)).returnvalue.process.parent);
  return [...parents];
}

test('a server stopped under running jobs - they time out as configured and a new server drains the queue', async () => {
  const name = uniqueName('stopped-mid-job');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: toolQueue({ concurrency: 2, fork_server: true, timeout_ms: 1500, kill_grace_ms: 200 }) });
  const slow = await queue.addBulk([0, 1].map((i) => ({ name: 'slow', data: { message: `slow${i}`, sleep_ms: 60000 } })));
  await s.waitFor('both slow jobs to be active', async () => (await queue.getJobCounts('active')).active === 2);
  const first = theServerOf(runner);
  // Both jobs' processes, and the spare the server forks for the next job once it is idle.
  await s.waitFor('the server to have forked both jobs', async () => childrenOf(first).length === 3);
  stop(first);

  for (const { id } of slow) {
    const job = await s.waitForFinished(name, id);
    assert.equal(await job.getState(), 'failed', runner.tail());
    assert.equal(job.failedReason, 'timed out after 1500 ms');
  }
  const quick = await queue.addBulk(Array.from({ length: 10 },
    (_, i) => ({ name: 'quick', data: { message: `q${i}`, report_process: true } })));
  await s.waitFor('10 completed jobs', async () => (await queue.getJobCounts('completed')).completed === 10);
  const second = theServerOf(runner);
  assert.notEqual(second, first, 'a new server');
  assert.deepEqual(await parentsOf(queue, quick), [second], 'every later job forked by the new server');
  assert.equal(fs.existsSync(`/proc/${first}`), false, 'the stopped server was killed and collected');
  assert.deepEqual(await nonZeroCounts(queue), { completed: 10, failed: 2 });
  assert.match(runner.tail(), /did not report the end of a job's process; killed it/);
});

test('a server stopped between jobs - the next job fails as retryable within its timeout and its retry runs', async () => {
  const name = uniqueName('stopped-idle');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: toolQueue({ fork_server: true, timeout_ms: 1500 }) });
  const warm = await queue.add('warm', { message: 'warm' });
  assert.equal(await (await s.waitForFinished(name, warm.id)).getState(), 'completed');
  const first = theServerOf(runner);
  stop(first);

  const added = await queue.add('next', { message: 'next', report_process: true }, { attempts: 2 });
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'completed', `failedReason: ${job.failedReason}\n${runner.tail()}`);
  assert.equal(job.returnvalue.attempt, 2, 'the first attempt failed: the stopped server never answered');
  const second = theServerOf(runner);
  assert.notEqual(second, first);
  assert.equal(job.returnvalue.process.parent, second);
  assert.match(runner.tail(), /did not answer within 1500 ms; killed it/);
  assert.equal(fs.existsSync(`/proc/${first}`), false, 'the stopped server was killed and collected');
});

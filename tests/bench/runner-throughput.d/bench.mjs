// Drives the benchmark: for each configuration, adds N no-op jobs to a fresh queue, starts one
// worker process, and times it from its start to the N-th completed job. Prints jobs/s and the
// worker process's peak RSS (VmHWM from /proc, sampled just before it is stopped; for the sandboxed
// worker the children's peaks are added), and the CPU time per job of the worker with all its
// processes (queue-runner, its fork server and every tool process; bullmq's Worker and its
// sandbox children) and of Redis. Never fails on speed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';

const here = path.dirname(fileURLToPath(import.meta.url));
const REDIS_URL = process.env.REDIS_URL;
const BIN = process.env.JOBKIT_BIN_DIR;
const TMP = process.env.BENCH_TMP;
const JOBS = Number(process.env.BENCH_JOBS || 20000);
const RUNNER = path.join(BIN, 'queue-runner');
const TOOL = path.join(BIN, 'jobkit-contract-tool');
const connection = { url: REDIS_URL };
const REDIS_PID = Number(process.env.BENCH_REDIS_PID || 0);
const CLOCK_TICKS = Number(process.env.BENCH_CLK_TCK || 100);

function vmHWM(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

// CPU seconds (user + system) of a process and of its children it has waited for (for the
// runner: every exec'd tool; for a fork server: every forked tool). 0 once it is gone.
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14 to 17; `fields` starts at field 3.
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

// The same for a process and its live descendants (a live child is not in its parent's
// cutime/cstime yet, so nothing is counted twice).
function treeCpuSeconds(pid) {
  return cpuSeconds(pid) + childrenOf(pid).reduce((sum, child) => sum + treeCpuSeconds(child), 0);
}

const configurations = [
  { label: 'queue-runner, concurrency 1', kind: 'runner', concurrency: 1 },
  { label: 'queue-runner, concurrency 8', kind: 'runner', concurrency: 8 },
  { label: 'queue-runner fork server, concurrency 1', kind: 'runner', concurrency: 1, forkServer: true },
  { label: 'queue-runner fork server, concurrency 8', kind: 'runner', concurrency: 8, forkServer: true },
  { label: 'bullmq Worker in-process no-op, concurrency 50', kind: 'node', mode: 'inprocess', concurrency: 50 },
  { label: 'bullmq Worker sandboxed processor, concurrency 4', kind: 'node', mode: 'sandboxed', concurrency: 4 },
];

async function runOne(config) {
  const name = `bench-${config.kind}-${config.concurrency}-${randomBytes(3).toString('hex')}`;
  const redisCpuBefore = cpuSeconds(REDIS_PID);
  const queue = new Queue(name, { connection });
  const addStart = Date.now();
  for (let start = 0; start < JOBS; start += 2000) {
    const count = Math.min(2000, JOBS - start);
    await queue.addBulk(Array.from({ length: count }, () => ({ name: 'noop', data: { message: 'x' } })));
  }
  const addMs = Date.now() - addStart;

  let child;
  const output = [];
  const startedAt = Date.now();
  if (config.kind === 'runner') {
    const file = path.join(TMP, `${name}.json`);
    const queueConfig = { command: [TOOL], concurrency: config.concurrency, fork_server: Boolean(config.forkServer) };
    writeFileSync(file, JSON.stringify({ redis: REDIS_URL, worker_name: 'bench', queues: { [name]: queueConfig } }));
    child = spawn(RUNNER, ['run', '--config', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  } else {
    child = spawn(process.execPath, [path.join(here, 'node-worker.mjs'), name, String(config.concurrency), config.mode], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, REDIS_URL },
    });
  }
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    output.push(chunk);
    if (output.length > 200) output.shift();
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  let peakChildren = new Map();
  let counts;
  let finishedAt;
  let failed = 0;
  let firstAt;
  let stopReason = '';
  let firstCount = 0;
  const deadline = Date.now() + Number(process.env.BENCH_TIMEOUT_MS || 1800000);
  for (;;) {
    counts = await queue.getJobCounts('completed', 'failed');
    if (firstAt === undefined && counts.completed + counts.failed > 0) {
      firstAt = Date.now();
      firstCount = counts.completed + counts.failed;
    }
    if (counts.completed + counts.failed >= JOBS) {
      finishedAt = Date.now();
      failed = counts.failed;
      break;
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      stopReason = 'the worker exited';
      break;
    }
    if (Date.now() > deadline) {
      stopReason = 'time budget reached';
      break;
    }
    if (config.mode === 'sandboxed') {
      for (const pid of childrenOf(child.pid)) peakChildren.set(pid, Math.max(peakChildren.get(pid) ?? 0, vmHWM(pid)));
    }
    await sleep(50);
  }
  const stoppedAt = Date.now();
  const cpu = treeCpuSeconds(child.pid);
  const redisCpu = cpuSeconds(REDIS_PID) - redisCpuBefore;
  const rss = vmHWM(child.pid);
  if (config.mode === 'sandboxed') {
    for (const pid of childrenOf(child.pid)) peakChildren.set(pid, Math.max(peakChildren.get(pid) ?? 0, vmHWM(pid)));
  }
  const childrenRss = [...peakChildren.values()].reduce((a, b) => a + b, 0);
  child.kill('SIGTERM');
  const exitTimer = setTimeout(() => child.kill('SIGKILL'), 30000);
  await exited;
  clearTimeout(exitTimer);
  await queue.obliterate({ force: true });
  await queue.close();

  let done = JOBS;
  let partial = '';
  if (!finishedAt) {
    // Stopped early (time budget, or the worker died): report the rate over what was done.
    done = counts.completed + counts.failed;
    finishedAt = stoppedAt;
    partial = `PARTIAL: ${stopReason} after ${done} of ${JOBS} jobs`;
    if (done === 0 || firstAt === undefined) {
      return { ...config, error: `${partial}; nothing finished\n${output.join('').slice(-3000)}` };
    }
  }
  const seconds = (finishedAt - startedAt) / 1000;
  const steady = finishedAt > firstAt ? (done - firstCount) / ((finishedAt - firstAt) / 1000) : NaN;
  return { ...config, done, partial, seconds, rate: done / seconds, steady, startMs: firstAt - startedAt, rss, childrenRss,
    children: peakChildren.size, failed, addMs, cpuPerJob: cpu / done, redisCpuPerJob: redisCpu / done };
}

const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;
const results = [];
// BENCH_ONLY: run only the configurations whose label contains it, or one of its '|'-separated
// parts (for profiling one, or a few beside their peer).
const wanted = (process.env.BENCH_ONLY || '').split('|');
const chosen = configurations.filter((config) => wanted.some((part) => config.label.includes(part)));
for (const config of chosen) {
  process.stderr.write(`running: ${config.label} (${JOBS} jobs)...\n`);
  results.push(await runOne(config));
}

console.log(`\nrunner-throughput: ${JOBS} no-op jobs per configuration, same Redis, same run (${new Date().toISOString()})`);
console.log('jobs/s = jobs / (worker process start → last job finished); "after 1st" excludes start-up (from the first finished job);');
console.log('peak RSS = VmHWM of the worker process (/proc/<pid>/status);');
console.log('CPU/job = user + system CPU of the worker and all its processes (runner, fork server, tools; Worker and sandbox children) per job;');
console.log('Redis CPU/job = redis-server\'s CPU over the configuration (adding the jobs included) per job');
console.log(`load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}\n`);
const ms = (seconds) => `${(seconds * 1000).toFixed(3)} ms`;
const header = ['configuration', 'jobs/s', 'after 1st', 'seconds', 'peak RSS', 'CPU/job', 'Redis CPU/job', 'notes'];
const rows = results.map((r) => {
  if (r.error) return [r.label, '-', '-', '-', '-', '-', '-', r.error.split('\n')[0]];
  const notes = [];
  if (r.partial) notes.push(r.partial);
  if (r.failed) notes.push(`${r.failed} failed`);
  if (r.kind === 'runner') notes.push(`each job = one jobkit-contract-tool process${r.forkServer ? ' forked by its server' : ''}`);
  if (r.mode === 'sandboxed') notes.push(`+ ${r.children} children peak ${mb(r.childrenRss)} (total ${mb(r.rss + r.childrenRss)})`);
  notes.push(`first job after ${r.startMs} ms`);
  notes.push(`addBulk ${r.addMs} ms`);
  return [r.label, r.rate.toFixed(0), r.steady.toFixed(0), r.seconds.toFixed(2), mb(r.rss), ms(r.cpuPerJob),
    ms(r.redisCpuPerJob), notes.join('; ')];
});
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
const line = (cells) => cells
  .map((c, i) => (i >= 1 && i <= 6 ? String(c).padStart(widths[i]) : i === cells.length - 1 ? String(c) : String(c).padEnd(widths[i])))
  .join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) console.log(line(row));
for (const r of results) if (r.error) console.log(`\n${r.label}:\n${r.error}`);
process.exit(0);

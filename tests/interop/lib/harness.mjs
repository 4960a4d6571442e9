// Shared helpers for the queue-runner interop tests.
//
// Everything is asserted through the bullmq API; this file only starts and stops
// queue-runner processes, writes their configs, and gives every wait a deadline.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Job, Queue, QueueEvents, Worker } from 'bullmq';

export { sleep };

export const REDIS_URL = process.env.REDIS_URL ?? '';
if (!REDIS_URL) {
  throw new Error('REDIS_URL is not set: the interop tests need a private Redis (redis://user:password@host:port/db)');
}
export const BIN_DIR = process.env.JOBKIT_BIN_DIR || '/work/main/build/bin';
export const RUNNER = path.join(BIN_DIR, 'queue-runner');
export const TOOL = path.join(BIN_DIR, 'jobkit-contract-tool');
for (const binary of [RUNNER, TOOL]) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing (set JOBKIT_BIN_DIR or build first)`);
}

/** A fresh bullmq connection option (bullmq hands `url` to ioredis, which decodes the password). */
export const connection = () => ({ url: REDIS_URL });

/** A queue name nobody else uses (queue names may not contain ':'). */
export const uniqueName = (label) => `${label}-${randomBytes(5).toString('hex')}`;

/** Polls `probe` until it returns a truthy value; throws after `timeout` ms. */
export async function waitFor(what, probe, { timeout = 30000, interval = 50, diagnostics } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  let lastValue;
  for (;;) {
    try {
      lastValue = await probe();
      if (lastValue) return lastValue;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      let message = `timed out after ${timeout} ms waiting for ${what}`;
      if (lastError) message += `\nlast error: ${lastError.stack ?? lastError}`;
      if (diagnostics) message += `\n${await diagnostics()}`;
      throw new Error(message);
    }
    await sleep(interval);
  }
}

/** Resolves with `promise`, or rejects when it has not settled after `timeout` ms. */
export async function withDeadline(what, promise, timeout) {
  let timer;
  const expired = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeout} ms waiting for ${what}`)), timeout);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** A queue-runner process started with a config file; collects its stderr. */
export class RunnerProcess {
  constructor(configPath, label) {
    this.configPath = configPath;
    this.label = label;
    this.output = [];
    this.outputBytes = 0;
    this.child = undefined;
    this.exit = undefined;
    this.starts = 0;
  }

  start() {
    if (this.alive) throw new Error(`${this.label} is already running`);
    this.starts += 1;
    const child = spawn(RUNNER, ['run', '--config', this.configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, REDIS_URL },
    });
    this.child = child;
    const start = this.starts;
    const keep = (chunk) => {
      this.output.push(`[start ${start}] ${chunk}`);
      this.outputBytes += chunk.length;
      while (this.outputBytes > 256 * 1024 && this.output.length > 1) this.outputBytes -= this.output.shift().length;
    };
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    this.exit = new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal }));
      child.on('error', (error) => resolve({ code: null, signal: null, error }));
    });
    liveRunners.add(this);
    this.exit.then(() => liveRunners.delete(this));
    return this;
  }

  get alive() {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid() {
    return this.child?.pid;
  }

  /** The last `chars` characters of what the runner wrote. */
  tail(chars = 6000) {
    const text = this.output.join('');
    return `--- ${this.label} output (last ${chars} chars) ---\n${text.slice(-chars)}`;
  }

  /** SIGKILL, then wait for the process to be gone. */
  async kill() {
    if (!this.alive) return this.exit;
    this.child.kill('SIGKILL');
    return withDeadline(`${this.label} to die after SIGKILL`, this.exit, 10000);
  }

  /** SIGTERM and wait up to `timeout` ms; SIGKILL if it is still there, and say so. */
  async stop(timeout = 30000) {
    if (!this.alive) return this.exit;
    this.child.kill('SIGTERM');
    try {
      return await withDeadline(`${this.label} to exit after SIGTERM`, this.exit, timeout);
    } catch (error) {
      await this.kill();
      throw error;
    }
  }
}

const liveRunners = new Set();
process.on('exit', () => {
  for (const runner of liveRunners) {
    try {
      runner.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** A tool queue config entry for the contract tool. */
export const toolQueue = (overrides = {}) => ({ command: [TOOL], concurrency: 1, ...overrides });

/**
 * One test's resources: temp dir, queues, QueueEvents, Node workers, runners.
 * `cleanup()` stops runners first (so nothing writes any more), then obliterates the queues.
 */
export class Scenario {
  constructor(label, { prefix = 'bull', deadLetter = uniqueName(`dl-${label}`) } = {}) {
    this.label = label;
    this.prefix = prefix;
    // Queues without their own dead_letter get this one (null: leave the runner's default),
    // so parallel test files never share a dead-letter queue under the same prefix.
    this.deadLetter = deadLetter;
    this.dir = mkdtempSync(path.join(tmpdir(), `interop-${label}-`));
    this.queues = new Map();
    this.closables = [];
    this.runners = [];
  }

  /** A bullmq Queue (created once per name) that cleanup obliterates. */
  queue(name) {
    if (!this.queues.has(name)) {
      this.queues.set(name, new Queue(name, { connection: connection(), prefix: this.prefix }));
    }
    return this.queues.get(name);
  }

  /** QueueEvents reading the stream from its start, so no event is missed; collects everything. */
  async events(name) {
    const queueEvents = new QueueEvents(name, { connection: connection(), prefix: this.prefix, lastEventId: '0-0' });
    this.closables.push(queueEvents);
    const log = [];
    for (const event of ['completed', 'failed', 'progress', 'active', 'stalled', 'waiting', 'delayed', 'added', 'retries-exhausted']) {
      queueEvents.on(event, (args) => log.push({ event, ...args }));
    }
    await queueEvents.waitUntilReady();
    return { queueEvents, log };
  }

  /** A Node bullmq Worker, closed by cleanup. */
  worker(name, processor, opts = {}) {
    const worker = new Worker(name, processor, { connection: connection(), prefix: this.prefix, ...opts });
    worker.on('error', () => {});
    this.closables.push(worker);
    return worker;
  }

  /** Writes a runner config and returns its path; `queues` maps names to queue entries. */
  writeConfig(queues, top = {}) {
    if (this.deadLetter) {
      queues = Object.fromEntries(Object.entries(queues).map(([name, entry]) => [name, { dead_letter: this.deadLetter, ...entry }]));
      this.queue(this.deadLetter);
    }
    const config = {
      redis: REDIS_URL,
      prefix: this.prefix,
      worker_name: uniqueName(`w-${this.label}`),
      ...top,
      queues,
    };
    const file = path.join(this.dir, `config-${randomBytes(3).toString('hex')}.json`);
    writeFileSync(file, `// ${this.label} interop test\n${JSON.stringify(config, null, 2)}\n`);
    return { file, config };
  }

  /** Starts `queue-runner run` with a fresh config; the runner is killed by cleanup. */
  runner(queues, top = {}) {
    const { file, config } = this.writeConfig(queues, top);
    const runner = new RunnerProcess(file, `queue-runner(${this.label} #${this.runners.length + 1})`);
    runner.config = config;
    this.runners.push(runner);
    return runner.start();
  }

  /** Diagnostics for timeouts: output of every runner of this scenario. */
  async diagnostics() {
    return this.runners.map((runner) => runner.tail()).join('\n');
  }

  /** waitFor with this scenario's runner output appended on timeout. */
  waitFor(what, probe, opts = {}) {
    return waitFor(what, probe, { diagnostics: () => this.diagnostics(), ...opts });
  }

  /** Waits until the job is in one of `states`; returns a fresh Job. */
  async waitForState(queueName, id, states, timeout = 30000) {
    const wanted = Array.isArray(states) ? states : [states];
    let last = 'missing';
    try {
      return await this.waitFor(
        `job ${id} of ${queueName} to be ${wanted.join('|')}`,
        async () => {
          const job = await Job.fromId(this.queue(queueName), id);
          if (!job) return undefined;
          last = await job.getState();
          // Read the job again: the hash read above may predate the state change.
          return wanted.includes(last) ? Job.fromId(this.queue(queueName), id) : undefined;
        },
        { timeout },
      );
    } catch (error) {
      error.message += `\n(last state seen: ${last})`;
      throw error;
    }
  }

  /** Waits until the job has completed or failed; returns a fresh Job. */
  waitForFinished(queueName, id, timeout = 30000) {
    return this.waitForState(queueName, id, ['completed', 'failed'], timeout);
  }

  async cleanup() {
    const problems = [];
    for (const runner of this.runners) {
      try {
        await runner.kill();
      } catch (error) {
        problems.push(error);
      }
    }
    for (const closable of this.closables) {
      try {
        await withDeadline('close', closable.close(), 10000);
      } catch (error) {
        problems.push(error);
      }
    }
    for (const queue of this.queues.values()) {
      try {
        await withDeadline(`obliterate ${queue.name}`, queue.obliterate({ force: true }), 30000);
      } catch (error) {
        problems.push(error);
      }
      try {
        await queue.close();
      } catch (error) {
        problems.push(error);
      }
    }
    if (!process.env.INTEROP_KEEP_TEMP) rmSync(this.dir, { recursive: true, force: true });
    if (problems.length) throw new AggregateError(problems, `cleanup of ${this.label} failed`);
  }
}

/** Runs a queue-runner CLI command; resolves with {code, signal, stdout, stderr}. */
export function runCli(args, { input, env = {}, timeout = 30000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(RUNNER, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`queue-runner ${args.join(' ')} did not finish in ${timeout} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** Formats a CLI result for assertion messages. */
export const describeCli = (result) =>
  `exit ${result.code}${result.signal ? ` (signal ${result.signal})` : ''}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;

/** The job counts of a queue, only the non-zero ones. */
export async function nonZeroCounts(queue) {
  const counts = await queue.getJobCounts();
  return Object.fromEntries(Object.entries(counts).filter(([, value]) => value !== 0));
}

/** Job logs as an array of strings. */
export async function jobLogs(queue, id) {
  const { logs } = await queue.getJobLogs(id, 0, -1, true);
  return logs;
}

/** Waits for the first collected event matching `predicate`. */
export function waitForEvent(scenario, log, what, predicate, timeout = 30000) {
  return scenario.waitFor(what, () => log.find(predicate), { timeout, interval: 20 });
}

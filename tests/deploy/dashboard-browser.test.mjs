// The dashboard seen in a real browser: scripts/dashboard (Bull Board) over a queue served by
// queue-runner, opened by Debian's chromium through puppeteer-core. It must show a completed
// job's return value, logs, progress and worker, and a failed job's reason; and Bull Board's
// own view of a queue-runner job must hold what it holds for a job a Node worker ran.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Scenario, toolQueue, uniqueName, withDeadline } from '../interop/lib/harness.mjs';

const CHROMIUM = '/usr/bin/chromium';
const here = path.dirname(fileURLToPath(import.meta.url));
const DASHBOARD = path.join(here, '..', '..', 'scripts', 'dashboard');
const ARTIFACTS = process.env.JOBKIT_ARTIFACT_DIR || path.join(tmpdir(), 'jobkit-artifacts');

if (!existsSync(CHROMIUM)) {
  // The one reason to skip (CTest's SKIP_RETURN_CODE): scripts/setup installs chromium.
  console.log(`skipped: ${CHROMIUM} is missing (scripts/setup installs the chromium package)`);
  process.exit(77);
}
const { default: puppeteer } = await import('puppeteer-core');

const s = new Scenario('dashboard');
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await s.cleanup();
});

/** scripts/dashboard on a free port; resolves with its URL once it prints it. */
async function startDashboard(configPath) {
  const child = spawn(DASHBOARD, ['--config', configPath, '--port', '0', '--read-only'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const url = await withDeadline(
    'the dashboard to print its URL',
    new Promise((resolve, reject) => {
      const look = (chunk) => {
        output += chunk;
        const found = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
        if (found) resolve(found[1]);
      };
      child.stdout.setEncoding('utf8').on('data', look);
      child.stderr.setEncoding('utf8').on('data', look);
      exited.then((end) => reject(new Error(`the dashboard exited (${JSON.stringify(end)}):\n${output}`)));
    }),
    120000, // the first start installs its npm packages
  );
  return { url, child, exited, output: () => output };
}

async function launchChromium() {
  const profile = mkdtempSync(path.join(tmpdir(), 'jobkit-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  cleanups.push(async () => {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  });
  return browser;
}

/** Waits until the page's visible text holds `text`. */
async function waitForText(page, text) {
  try {
    await page.waitForFunction((wanted) => document.body.innerText.includes(wanted), { timeout: 30000 }, text);
  } catch (error) {
    const shown = await page.evaluate(() => document.body.innerText);
    throw new Error(`the page never showed ${JSON.stringify(text)}; it shows:\n${shown}`, { cause: error });
  }
}

/** Clicks the job card's tab named `label` (Data, Progress, Options, Logs, Error). */
async function openTab(page, label) {
  const clicked = await page.evaluate((wanted) => {
    const tab = [...document.querySelectorAll('button, li, a')].find((element) => element.innerText.trim() === wanted);
    if (!tab) return false;
    tab.click();
    return true;
  }, label);
  assert.ok(clicked, `no tab ${label}`);
}

test('Bull Board shows what queue-runner wrote, as for a Node worker', { timeout: 240000 }, async () => {
  const served = uniqueName('documents');
  const nodeServed = uniqueName('node-documents');
  const runner = s.runner({ [served]: toolQueue() });
  const workerName = runner.config.worker_name;
  // The dashboard watches both queues; only the first is queue-runner's.
  const { file: dashboardConfig } = s.writeConfig({ [served]: toolQueue(), [nodeServed]: toolQueue() });

  const queue = s.queue(served);
  const completed = await queue.add('invoice', {
    message: 'dashboard',
    progress: [25, 60, 100],
    log: ['rendering page 1 of 2', 'rendering page 2 of 2'],
    result: { pdf: 'invoice-42.pdf' },
  });
  const failed = await queue.add('invoice', { message: 'x', fail: { kind: 'invalid_data', message: 'template "receipt" does not exist' } });
  const nodeQueue = s.queue(nodeServed);
  s.worker(nodeServed, async (job) => {
    await job.updateProgress(100);
    await job.log('rendering page 1 of 1');
    return { pdf: 'invoice-43.pdf' };
  }, { name: 'node-worker' });
  const nodeCompleted = await nodeQueue.add('invoice', { message: 'node' });
  for (const [name, id] of [[served, completed.id], [served, failed.id], [nodeServed, nodeCompleted.id]]) {
    await s.waitForFinished(name, id);
  }

  const dashboard = await startDashboard(dashboardConfig);

  // Bull Board's JSON for the job, as its page reads it: the same members, of the same types,
  // for queue-runner's job as for the Node worker's.
  const api = async (queueName, id) => {
    const response = await fetch(`${dashboard.url}api/queues/${encodeURIComponent(queueName)}/${id}`);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()).job;
  };
  const ours = await api(served, completed.id);
  const theirs = await api(nodeServed, nodeCompleted.id);
  const shape = (job) => Object.fromEntries(Object.entries(job).filter(([key]) => key !== 'data' && key !== 'name')
    .map(([key, value]) => [key, Array.isArray(value) ? 'array' : typeof value]));
  assert.deepEqual(shape(ours), shape(theirs), `queue-runner: ${JSON.stringify(ours)}\nnode: ${JSON.stringify(theirs)}`);
  assert.equal(ours.processedBy, workerName);
  assert.equal(ours.attempts, 1);
  assert.equal(ours.progress, 100);
  assert.equal(ours.returnValue.pdf, 'invoice-42.pdf');
  assert.ok(ours.timestamp <= ours.processedOn && ours.processedOn <= ours.finishedOn, JSON.stringify(ours));
  assert.equal(ours.isFailed, false);
  const oursFailed = await api(served, failed.id);
  assert.equal(oursFailed.failedReason, 'template "receipt" does not exist');
  assert.equal(oursFailed.isFailed, true);
  const workers = await (await fetch(`${dashboard.url}api/queues/${encodeURIComponent(served)}/workers`)).text();
  assert.ok(workers.includes(workerName), `Bull Board lists the runner among the workers: ${workers}`);

  const browser = await launchChromium();
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 820 });
  mkdirSync(ARTIFACTS, { recursive: true });

  // The completed job: return value (Data tab), worker, progress, logs.
  await page.goto(`${dashboard.url}queue/${encodeURIComponent(served)}/${completed.id}`, { waitUntil: 'networkidle0' });
  await waitForText(page, 'invoice-42.pdf');
  await waitForText(page, `by ${workerName}`);
  await openTab(page, 'Progress');
  await waitForText(page, '100%');
  await openTab(page, 'Logs');
  await waitForText(page, 'rendering page 2 of 2');
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-completed-job.png') });

  // The failed job: its reason, on the Error tab Bull Board opens first for failed jobs.
  await page.goto(`${dashboard.url}queue/${encodeURIComponent(served)}/${failed.id}`, { waitUntil: 'networkidle0' });
  await waitForText(page, 'template "receipt" does not exist');
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-failed-job.png') });

  // The queue's page with both jobs, as the README shows it.
  await page.goto(`${dashboard.url}queue/${encodeURIComponent(served)}`, { waitUntil: 'networkidle0' });
  await waitForText(page, 'invoice-42.pdf');
  await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-queue.png') });

  dashboard.child.kill('SIGTERM');
  assert.deepEqual(await withDeadline('the dashboard to stop', dashboard.exited, 15000), { code: 0, signal: null },
    dashboard.output());
});

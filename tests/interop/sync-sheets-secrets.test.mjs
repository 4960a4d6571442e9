// sync-sheets run by queue-runner for jobs the real bullmq adds, against the tests' fake
// Google over HTTPS (fake-google-sheets): neither the service account's private key nor the
// access token the fake issued reaches any copy of the job the runner keeps (the job's log,
// its returnvalue or failedReason, the dead letter) or the runner's own output, on the
// success path and on the 403 path (a spreadsheet not shared with the account), with the
// tool logging at its most verbose.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { BIN_DIR, Scenario, jobLogs, uniqueName, withDeadline } from './lib/harness.mjs';

const s = new Scenario('sheets-secrets');
const fakes = [];
after(async () => {
  for (const fake of fakes) fake.stop();
  await s.cleanup();
});

/** fake-google-sheets with its stdin held open: it answers "tokens" with one JSON line. */
class FakeGoogleProcess {
  constructor(spreadsheets) {
    this.child = spawn(path.join(BIN_DIR, 'fake-google-sheets'), spreadsheets, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.lines = [];
    this.waiters = [];
    let pending = '';
    this.child.stdout.setEncoding('utf8').on('data', (chunk) => {
      pending += chunk;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        this.lines.push(pending.slice(0, end));
        pending = pending.slice(end + 1);
      }
      while (this.waiters.length && this.lines.length) this.waiters.shift()(this.lines.shift());
    });
    this.child.stderr.resume();
  }

  nextLine() {
    if (this.lines.length) return Promise.resolve(this.lines.shift());
    return withDeadline('a line from fake-google-sheets', new Promise((resolve) => this.waiters.push(resolve)), 10000);
  }

  /** The settings that point sync-sheets at the fake (NAME=VALUE lines up to a blank one). */
  async environment() {
    const settings = {};
    for (let line = await this.nextLine(); line !== ''; line = await this.nextLine()) {
      const equals = line.indexOf('=');
      settings[line.slice(0, equals)] = line.slice(equals + 1);
    }
    return settings;
  }

  async issuedTokens() {
    this.child.stdin.write('tokens\n');
    return JSON.parse(await this.nextLine());
  }

  stop() {
    this.child.stdin.end();
  }
}

/** The base64 lines of the key's PEM body: finding one anywhere means the key leaked. */
function privateKeyLines(keyFile) {
  const pem = JSON.parse(readFileSync(keyFile, 'utf8')).private_key;
  return pem.split('\n').filter((line) => line.length >= 40 && !line.includes('-----'));
}

test('no private key and no access token in the job log, returnvalue, failedReason, dead letter or runner output', async (t) => {
  const program = path.join(BIN_DIR, 'sync-sheets');
  if (!existsSync(program) || !existsSync(path.join(BIN_DIR, 'fake-google-sheets'))) {
    t.skip('sync-sheets or fake-google-sheets is not built');
    return;
  }
  const fake = new FakeGoogleProcess(['book', '--not-shared=private-book']);
  fakes.push(fake);
  const google = await fake.environment();
  const name = uniqueName('integrations');
  const queue = s.queue(name);
  const runner = s.runner({
    [name]: { command: [program, '--log-level', 'trace'], concurrency: 1, env: google },
  });
  const job = (spreadsheet, id) => ({
    spreadsheet_id: spreadsheet, tab: 'Bookings', mode: 'upsert', key: 'id', columns: ['id', 'status'],
    rows: [{ id, status: 'requested' }],
  });
  const good = await queue.add('sync', job('book', 1));
  const done = await s.waitForFinished(name, good.id);
  assert.equal(await done.getState(), 'completed', `${done.failedReason}\n${runner.tail()}`);
  assert.equal(done.returnvalue.appended, 1);
  const refused = await queue.add('sync', job('private-book', 2), { attempts: 3 });
  const failed = await s.waitForFinished(name, refused.id);
  assert.equal(await failed.getState(), 'failed');
  assert.equal(failed.attemptsMade, 1, 'a 403 is permanent: no retry');
  assert.match(failed.failedReason, /has no access to spreadsheet private-book/);
  const letter = await s.waitFor('the dead letter', () => Job.fromId(s.queue(s.deadLetter), `dlq:${name}:${refused.id}`),
    { timeout: 10000 });
  assert.equal(letter.data.exit_code, 77);

  const tokens = await fake.issuedTokens();
  assert.equal(tokens.length, 1, 'one token for both jobs (cached in Redis)');
  const keyLines = privateKeyLines(google.GOOGLE_APPLICATION_CREDENTIALS);
  assert.ok(keyLines.length > 10, `${keyLines.length} key lines`);
  const secrets = [...keyLines, tokens[0], tokens[0].replace(/^ya29\./, '')];
  const goodLogs = await jobLogs(queue, good.id);
  const refusedLogs = await jobLogs(queue, refused.id);
  assert.ok(goodLogs.length > 0 && refusedLogs.length > 0, 'the tool logged at trace level into both jobs');
  const kept = {
    'the logs': JSON.stringify([goodLogs, refusedLogs]),
    'the returnvalue': JSON.stringify(done.returnvalue),
    'the failedReason and stacktrace': JSON.stringify([failed.failedReason, failed.stacktrace]),
    'the dead letter': JSON.stringify(letter.data),
    "the runner's output": runner.output.join(''),
  };
  for (const [where, text] of Object.entries(kept)) {
    for (const secret of secrets) assert.ok(!text.includes(secret), `${secret.slice(0, 12)}... in ${where}: ${text.slice(0, 2000)}`);
  }
});

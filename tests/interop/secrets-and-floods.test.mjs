// What the runner keeps of a failing tool is redacted in every copy, and a tool flooding
// stderr can flood neither the job's log nor the runner's own.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Job } from 'bullmq';
import { Scenario, jobLogs, uniqueName } from './lib/harness.mjs';

const s = new Scenario('secrets');
after(() => s.cleanup());

const sh = (script) => ({ command: ['/bin/sh', '-c', script], concurrency: 1 });

test('passwords and tokens from stderr and from the JSON error reach no copy the runner keeps', async () => {
  const name = uniqueName('secret');
  const queue = s.queue(name);
  s.runner({ [name]: sh('cat >/dev/null; echo "login password=hunter2" >&2; echo "Authorization: Bearer abc.def.ghi" >&2; '
    + 'printf \'{"error":{"code":"db","message":"cannot reach postgres://app:secretpw@db/main"}}\'; exit 65') });
  const added = await queue.add('x', {});
  const job = await s.waitForFinished(name, added.id);
  assert.equal(await job.getState(), 'failed');
  assert.match(job.failedReason, /cannot reach postgres:\/\/app:.*@db\/main/);
  const letter = await s.waitFor('the dead letter', () => Job.fromId(s.queue(s.deadLetter), `dlq:${name}:${added.id}`),
    { timeout: 10000 });
  const kept = JSON.stringify({
    failedReason: job.failedReason,
    stacktrace: job.stacktrace,
    letter: letter.data,
    logs: await jobLogs(queue, added.id),
  });
  for (const secret of ['hunter2', 'abc.def.ghi', 'secretpw']) assert.ok(!kept.includes(secret), `${secret} in ${kept}`);
  assert.ok(letter.data.log_tail.length >= 2, JSON.stringify(letter.data.log_tail));
});

test('50 MB of stderr: the job completes, both logs stay bounded and say how much was left out', async () => {
  const name = uniqueName('flood');
  const queue = s.queue(name);
  const runner = s.runner({ [name]: sh('cat >/dev/null; head -c 52428800 /dev/zero | tr "\\000" x | fold -w 100 >&2; printf "{}"') });
  let runnerBytes = 0;
  runner.child.stderr.on('data', (chunk) => (runnerBytes += chunk.length));
  const added = await queue.add('x', {});
  const job = await s.waitForFinished(name, added.id, 120000);
  assert.equal(await job.getState(), 'completed', runner.tail());
  const logs = await jobLogs(queue, added.id);
  assert.ok(logs.length <= 201, `${logs.length} log lines`);
  assert.match(logs.at(-1), /further log lines omitted: 524\d{3} line\(s\), \d+ byte\(s\) of stderr/);
  await s.waitFor('the runner to report the omission', () => runner.tail().includes('further log lines omitted'));
  assert.ok(runnerBytes < 1024 * 1024, `the runner wrote ${runnerBytes} bytes of log`);
});

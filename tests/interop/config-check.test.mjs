// `queue-runner check` validates a config; errors name JSON Pointers and exit 78; `run` refuses to start with it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { RUNNER, Scenario, TOOL, describeCli, runCli, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('check');
after(() => s.cleanup());

test('a valid config (with comments) passes check', async () => {
  const { file } = s.writeConfig({ [uniqueName('ok')]: toolQueue({ concurrency: 2, attempts: 3, backoff: { type: 'exponential', delay: 100 } }) });
  const result = await runCli(['check', '--config', file]);
  assert.equal(result.code, 0, describeCli(result));
});

test('invalid fields are reported with their JSON Pointer and exit 78', async () => {
  const name = uniqueName('bad');
  const file = path.join(s.dir, 'bad.json');
  writeFileSync(file, JSON.stringify({
    queues: {
      [name]: { command: [TOOL], concurrency: 'many', backoff: { type: 'sometimes', delay: 1 } },
      other: { concurrency: 1 },
    },
  }));
  const result = await runCli(['check', '--config', file]);
  assert.equal(result.code, 78, describeCli(result));
  const output = result.stdout + result.stderr;
  assert.ok(output.includes(`/queues/${name}/concurrency`), describeCli(result));
  assert.ok(output.includes('/queues/other/command'), `a missing command is named: ${describeCli(result)}`);
});

test('a missing tool binary is named by check', async () => {
  const file = path.join(s.dir, 'missing.json');
  writeFileSync(file, JSON.stringify({ queues: { [uniqueName('m')]: { command: ['/nonexistent/tool-binary'] } } }));
  const result = await runCli(['check', '--config', file]);
  assert.notEqual(result.code, 0, describeCli(result));
  assert.ok((result.stdout + result.stderr).includes('/nonexistent/tool-binary'), describeCli(result));
});

test('run with an invalid config exits 78 without starting', async () => {
  const file = path.join(s.dir, 'bad-run.json');
  writeFileSync(file, '{"queues": {"q": {"command": "not-an-array"}}}');
  const result = await runCli(['run', '--config', file], { timeout: 15000 });
  assert.equal(result.code, 78, describeCli(result));
});

test('unparseable JSON exits 78', async () => {
  const file = path.join(s.dir, 'garbage.json');
  writeFileSync(file, '{"queues": ');
  const result = await runCli(['check', '--config', file]);
  assert.equal(result.code, 78, describeCli(result));
});
void RUNNER;

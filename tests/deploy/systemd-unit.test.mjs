// queue-runner@.service checked by systemd itself (`systemd-analyze verify`, whose warnings
// about unknown or malformed settings count as failures), and its stop timeout against the
// runner's shutdown grace.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const SOURCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const UNIT = readFileSync(path.join(SOURCE_DIR, 'tools/queue-runner/deploy/systemd/queue-runner@.service'), 'utf8');
const RUNNER = path.join(process.env.JOBKIT_BIN_DIR ?? '', 'queue-runner');

if (spawnSync('systemd-analyze', ['--version']).status !== 0) {
  console.log('skipped: systemd-analyze is missing (scripts/setup installs the systemd package)');
  process.exit(77);
}

const work = mkdtempSync(path.join(tmpdir(), 'jobkit-unit-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** systemd-analyze verify on the unit text as instance "example"; verify wants ExecStart's program to exist. */
function verify(text) {
  const file = path.join(work, 'queue-runner@example.service');
  writeFileSync(file, text.replaceAll('/usr/bin/queue-runner', RUNNER));
  // On the console, not the journal, whatever stderr is.
  const result = spawnSync('systemd-analyze', ['verify', '--man=no', file],
    { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_TARGET: 'console' } });
  return { status: result.status, problems: `${result.stdout}${result.stderr}`.trim() };
}

/** The unit's value of `key` ([Service] and [Unit] alike); the last one wins, as in systemd. */
function setting(key) {
  const values = [...UNIT.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((match) => match[1].trim());
  assert.ok(values.length > 0, `the unit sets ${key}`);
  return values.at(-1);
}

test('systemd-analyze verify finds nothing to say about the unit', () => {
  const { status, problems } = verify(UNIT);
  assert.equal(status, 0, problems);
  assert.equal(problems, '');
});

test('a malformed setting is caught, so the check above can fail', () => {
  const { problems } = verify(UNIT.replace(/^KillMode=mixed$/m, 'KillMode=gently'));
  assert.match(problems, /kill mode/i);
});

test('the unit stops as the runner shuts down and is hardened', () => {
  // SIGTERM to queue-runner only; systemd waits longer than the default shutdown grace
  // (25 s, the configuration's shutdown_grace_ms) plus a tool's kill grace (5 s).
  assert.equal(setting('KillMode'), 'mixed');
  assert.equal(setting('KillSignal'), 'SIGTERM');
  const stopSeconds = Number(/^(\d+)s$/.exec(setting('TimeoutStopSec'))?.[1]);
  assert.ok(stopSeconds > 25 + 5, `TimeoutStopSec ${stopSeconds}`);
  assert.equal(setting('Restart'), 'on-failure');
  assert.match(setting('RestartPreventExitStatus'), /\b78\b/);
  assert.equal(setting('NoNewPrivileges'), 'yes');
  assert.equal(setting('ProtectSystem'), 'strict');
  assert.equal(setting('PrivateTmp'), 'yes');
  assert.equal(setting('ProtectHome'), 'yes');
  assert.match(setting('MemoryMax'), /^\d+[KMG]$/);
  // STORAGE_DIR is the one place it writes, and it lies inside ReadWritePaths.
  const storage = /^STORAGE_DIR=(.*)$/.exec(setting('Environment'))?.[1];
  assert.ok(storage, 'the unit sets STORAGE_DIR');
  assert.ok(setting('ReadWritePaths').split(/\s+/).some((dir) => storage === dir || storage.startsWith(`${dir}/`)),
    `${storage} inside ReadWritePaths`);
});

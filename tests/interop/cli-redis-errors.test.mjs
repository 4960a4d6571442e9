// queue-runner's commands against a Redis that refuses them: a password required but not
// given (69), a database the server lacks (78: the runner's URL is configuration), a password
// with a raw '/' that is wrong (69, and no part of it printed); and the logging options
// taken after the subcommand as the man page promises.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { REDIS_URL, Scenario, describeCli, runCli, toolQueue, uniqueName } from './lib/harness.mjs';

const s = new Scenario('clierrors');
after(() => s.cleanup());

const { hostname, port } = new URL(REDIS_URL);
const redisAt = (userinfo, db = 0) => `redis://${userinfo}${hostname}:${port}/${db}`;

test('no password where Redis requires one: exit 69 naming the Redis', async () => {
  const result = await runCli(['stats', '--queue', 'q', '--redis', redisAt('')]);
  assert.equal(result.code, 69, describeCli(result));
  assert.match(result.stderr, new RegExp(`${hostname}:${port}`), describeCli(result));
  assert.match(result.stderr, /password/i, describeCli(result));
});

test('a database index the server does not have: exit 78 naming the Redis, never the password', async () => {
  const url = new URL(REDIS_URL);
  url.pathname = '/99';
  for (const command of [['stats', '--queue', 'q'], ['dlq', 'list']]) {
    const result = await runCli([...command, '--redis', url.toString()]);
    assert.equal(result.code, 78, describeCli(result));
    assert.match(result.stderr, /99/, describeCli(result));
    assert.ok(!result.stderr.includes(decodeURIComponent(url.password)), describeCli(result));
    assert.ok(!result.stderr.includes(url.password), describeCli(result));
  }
  const { file } = s.writeConfig({ [uniqueName('db')]: toolQueue() }, { redis: url.toString() });
  const run = await runCli(['run', '--config', file]);
  assert.equal(run.code, 78, `run refuses to start: ${describeCli(run)}`);
});

test('a wrong password holding a raw slash: exit 69 and no part of the userinfo printed', async () => {
  const result = await runCli(['stats', '--queue', 'q', '--redis', redisAt('jobkit:S3cre/tPart@')]);
  assert.equal(result.code, 69, describeCli(result));
  for (const part of ['S3cre', 'tPart']) assert.ok(!(result.stdout + result.stderr).includes(part), describeCli(result));
});

test('--log-level and --log-format after the subcommand are taken, as before it', async () => {
  const { file } = s.writeConfig({ [uniqueName('opts')]: toolQueue() });
  for (const args of [['check', '--config', file, '--log-level', 'debug', '--log-format', 'json'],
    ['--log-level', 'debug', 'check', '--config', file],
    ['dlq', 'list', '--log-format', 'json', '--config', file]]) {
    const result = await runCli(args);
    assert.equal(result.code, 0, `${args.join(' ')}: ${describeCli(result)}`);
  }
  const json = await runCli(['stats', '--queue', 'q', '--redis', redisAt(''), '--log-format', 'json']);
  assert.equal(json.code, 69, describeCli(json));
  const line = JSON.parse(json.stderr.trim().split('\n').pop());
  assert.equal(line.level, 'error');
});

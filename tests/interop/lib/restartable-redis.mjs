// A private Redis of one test's own, which the test may shut down and start again on the same
// port and data folder (AOF, appendfsync everysec, as production runs it): the suite's shared
// Redis must never go away under other tests.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import IORedis from 'ioredis';  // bullmq's own client, installed with it
import { waitFor } from './harness.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export class RestartableRedis {
  constructor(port, dir) {
    this.port = port;
    this.dir = dir;
    this.url = `redis://127.0.0.1:${port}/0`;
    this.process = undefined;
  }

  async start() {
    this.process = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(this.port), '--dir', this.dir,
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''], { stdio: 'ignore' });
    await waitFor('the private Redis to answer', async () => {
      const probe = new IORedis(this.url, { lazyConnect: true, retryStrategy: () => null });
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    }, { timeout: 10000 });
  }

  async shutdown() {
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    const client = new IORedis(this.url, { retryStrategy: () => null });
    await client.call('SHUTDOWN').catch(() => {});  // the connection drops as it answers
    client.disconnect();
    await exited;
  }

  kill() {
    this.process?.kill('SIGKILL');
  }
}

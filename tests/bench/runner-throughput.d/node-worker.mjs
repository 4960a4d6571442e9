// A bullmq Worker in its own process, so its peak RSS can be measured apart from the producer.
// usage: node node-worker.mjs <queue> <concurrency> inprocess|sandboxed
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';

const [queueName, concurrencyText, mode] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const processor = mode === 'sandboxed' ? path.join(here, 'processor.cjs') : async () => ({ ok: true });
const worker = new Worker(queueName, processor, {
  connection: { url: process.env.REDIS_URL },
  concurrency: Number(concurrencyText),
  removeOnComplete: { count: -1 },
});
worker.on('error', (error) => console.error(`worker error: ${error.message}`));
const stop = async () => {
  await worker.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

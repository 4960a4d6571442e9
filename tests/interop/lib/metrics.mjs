// Reading queue-runner's /metrics in the interop tests: where it listens (from its log), a
// scrape, and a parser of Prometheus's text exposition format.
import { spawn } from 'node:child_process';
import http from 'node:http';

/** The port the runner's log names for /metrics ("serving /metrics and /healthz on http://host:port"). */
export async function metricsPort(scenario, runner) {
  const line = await scenario.waitFor('the metrics address in the runner log', () =>
    runner.output.join('').match(/serving \/metrics and \/healthz on http:\/\/[^:\s]+:(\d+)/),
  );
  return Number(line[1]);
}

// node:http rather than fetch: fetch's own overhead (tens of ms a request here) would hide
// the server's time. One keep-alive connection, as Prometheus scrapes.
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** GET http://127.0.0.1:port/path; resolves with {status, text, ms, contentType}. */
export function get(port, path) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get({ host: '127.0.0.1', port, path, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode, text, ms: performance.now() - started, contentType: response.headers['content-type'] }),
      );
    });
    request.on('error', reject);
  });
}

/**
 * Parses the exposition format into {samples: [{name, labels, value}], types: {family: type}}.
 * Throws on a line that is neither a comment nor a well-formed sample.
 */
export function parseExposition(text) {
  const samples = [];
  const types = {};
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = line.match(/^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/);
    if (type) {
      types[type[1]] = type[2];
      continue;
    }
    if (line.startsWith('# HELP ')) continue;
    const sample = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    if (!sample) throw new Error(`not an exposition line: ${JSON.stringify(line)}`);
    const labels = {};
    if (sample[2]) {
      const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gy;
      let match;
      let end = 0;
      while ((match = labelPattern.exec(sample[2])) !== null) {
        labels[match[1]] = match[2].replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
        end = labelPattern.lastIndex;
      }
      if (end !== sample[2].length) throw new Error(`bad labels in ${JSON.stringify(line)}`);
    }
    const value = sample[3] === '+Inf' ? Infinity : sample[3] === '-Inf' ? -Infinity : Number(sample[3]);
    if (Number.isNaN(value) && sample[3] !== 'NaN') throw new Error(`bad value in ${JSON.stringify(line)}`);
    samples.push({ name: sample[1], labels, value });
  }
  return { samples, types };
}

/** The samples of one metric whose labels include `match`. */
export function select(parsed, name, match = {}) {
  return parsed.samples.filter(
    (sample) => sample.name === name && Object.entries(match).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The value of the one sample of `name` matching `match`; undefined when there is none. */
export function valueOf(parsed, name, match = {}) {
  const found = select(parsed, name, match);
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(match)}`);
  return found[0]?.value;
}

/** Runs a program with `input` on stdin; resolves with {code, stdout, stderr}. */
export function runWithInput(argv, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

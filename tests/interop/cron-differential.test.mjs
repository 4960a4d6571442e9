// Differential test of queue-runner's cron module against the real cron-parser 5.10.3 (the
// version bullmq 6.7.0 computes job schedulers with): random (pattern, time zone, start)
// cases, starts clustered around DST changes and month ends, the next 5 instants of each
// compared to the millisecond, and parse errors compared by message. No Redis needed.
// Replay a failure with CRON_DIFF_SEED=<the printed seed>; CRON_DIFF_CASES sets the count.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';

// cron-parser asks luxon for a zone's offset at every step, and luxon asks Intl each time,
// which is nearly all of this test's run time (most of it in the cases where cron-parser
// circles a Lord Howe DST change until its loop limit). The offset at an instant never
// changes, so the answers are remembered; cron-parser's results are the same.
const require = createRequire(import.meta.url);
const { CronExpressionParser } = require('cron-parser');
const { DateTime, IANAZone } = require('luxon');
const intlOffset = IANAZone.prototype.offset;
const offsetCaches = new Map();
IANAZone.prototype.offset = function cachedOffset(ts) {
  let cache = offsetCaches.get(this.name);
  if (cache === undefined) offsetCaches.set(this.name, (cache = new Map()));
  let offset = cache.get(ts);
  if (offset === undefined) {
    offset = intlOffset.call(this, ts);
    if (cache.size > 500_000) cache.clear();
    cache.set(ts, offset);
  }
  return offset;
};
// Not through lib/harness.mjs: this test needs no Redis.
const CHECKER = path.join(process.env.JOBKIT_BIN_DIR || '/work/main/build/bin', 'cron-differential-check');
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC', 'Asia/Tokyo'];
const CASES = Number(process.env.CRON_DIFF_CASES || 10000);
const SEED = Number(process.env.CRON_DIFF_SEED || Math.floor(Math.random() * 2 ** 31));

function mulberry32(seed) {
  return () => {
    let t = (seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (items) => items[int(0, items.length - 1)];
const chance = (p) => random() < p;

const MONTHS = ['JAN', 'feb', 'Mar', 'apr', 'MAY', 'jun', 'jul', 'Aug', 'sep', 'oct', 'nov', 'DEC'];
const DAYS = ['sun', 'MON', 'tue', 'Wed', 'thu', 'FRI', 'sat'];

// One list element for a field of [lo, hi]; `dense` keeps values near the DST hours.
function element(lo, hi, kind) {
  const value = () => int(lo, hi);
  const roll = random();
  if (roll < 0.25) return String(value());
  if (roll < 0.4) {
    const a = value();
    return `${a}-${int(a, hi)}`;
  }
  if (roll < 0.55) return `*/${int(1, Math.max(1, Math.floor((hi - lo + 1) / 2)))}`;
  if (roll < 0.65) {
    const a = value();
    return `${a}-${int(a, hi)}/${int(1, 5)}`;
  }
  if (roll < 0.7) return `${value()}/${int(1, 10)}`;
  if (kind === 'month' && roll < 0.8) return pick(MONTHS);
  if (kind === 'dow' && roll < 0.8) return chance(0.5) ? pick(DAYS) : `${pick(DAYS)}-${pick(DAYS)}`;
  if (kind === 'dom' && roll < 0.8) return 'L';
  if (roll < 0.83) return String(hi + int(1, 3)); // out of range: refused
  return String(value());
}

function field(lo, hi, kind, { wildcard = 0.4 } = {}) {
  if (chance(wildcard)) return chance(0.9) ? '*' : '?';
  if (kind === 'dow' && chance(0.12)) return `${int(0, 7)}L`;
  if (kind === 'dow' && chance(0.1)) return `${chance(0.5) ? int(0, 7) : pick(DAYS)}#${int(1, 5)}`;
  const count = chance(0.7) ? 1 : int(2, 3);
  return Array.from({ length: count }, () => element(lo, hi, kind)).join(',');
}

function pattern() {
  if (chance(0.02)) return pick(['@yearly', '@monthly', '@weekly', '@daily', '@hourly', '@weekdays', '@weekends', '@minutely']);
  if (chance(0.01)) return pick(['15W * * *', '0 0 * * * * *', 'x * * * *', '0 0 1,,2 * *', '0 0 5-1 * *', '*/0 * * * *', '0 0 * * 1#6', '0 0 * * 1-2#2']);
  const hour = chance(0.5) ? field(0, 23, 'hour', { wildcard: 0.2 }) : pick(['2', '1-3', '2,3', '*/2', '0-4', '2-3', '3']);
  const fields = [
    field(0, 59, 'minute', { wildcard: 0.3 }),
    hour,
    field(1, 31, 'dom', { wildcard: 0.7 }),
    field(1, 12, 'month', { wildcard: 0.8 }),
    field(0, 7, 'dow', { wildcard: 0.7 }),
  ];
  if (chance(0.4)) fields.unshift(chance(0.5) ? pick(['0', '30', '*/15', '0,30', '59']) : field(0, 59, 'second', { wildcard: 0.2 }));
  return fields.join(' ');
}

// Instants where a zone's offset changes, 2024-2028: found by stepping 6 hours and halving.
function transitions(zone) {
  const offset = (ms) => DateTime.fromMillis(ms, { zone }).offset;
  const found = [];
  const end = Date.UTC(2029, 0, 1);
  for (let t = Date.UTC(2024, 0, 1); t < end; t += 6 * 3600e3) {
    if (offset(t) === offset(t + 6 * 3600e3)) continue;
    let lo = t;
    let hi = t + 6 * 3600e3;
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (offset(mid) === offset(lo)) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}

function monthEnds(zone) {
  const ends = [];
  for (let year = 2024; year <= 2028; year++) {
    for (let month = 1; month <= 12; month++) {
      ends.push(DateTime.fromObject({ year, month, day: 1 }, { zone }).endOf('month').toMillis());
    }
  }
  return ends;
}

function startNear(anchor) {
  const spread = pick([60e3, 3600e3, 3 * 3600e3, 30 * 3600e3]);
  let start = anchor + Math.floor((random() * 2 - 1) * spread);
  if (chance(0.4)) start = Math.floor(start / 1000) * 1000; // a whole second, as in the first call
  if (chance(0.2)) start = Math.floor(start / 60e3) * 60e3;
  return start;
}

function expected(c) {
  const options = { currentDate: new Date(c.start), tz: c.tz };
  if (c.startDate !== undefined) options.startDate = c.startDate;
  if (c.endDate !== undefined) options.endDate = c.endDate;
  let expression;
  try {
    expression = CronExpressionParser.parse(c.pattern, options);
  } catch (error) {
    return { ...c, error: error.message };
  }
  const next = [];
  for (let i = 0; i < 5; i++) {
    try {
      next.push(expression.next().getTime());
    } catch (error) {
      next.push({ error: error.message });
      break;
    }
  }
  return { ...c, next };
}

function runChecker(lines) {
  return new Promise((resolve, reject) => {
    const child = spawn(CHECKER, [], { stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(lines.join('\n') + '\n');
  });
}

test(`cron module agrees with cron-parser 5.10.3 on ${CASES} random cases (seed ${SEED})`, async () => {
  console.log(`cron differential seed ${SEED} (replay: CRON_DIFF_SEED=${SEED})`);
  const anchors = Object.fromEntries(ZONES.map((zone) => [zone, { dst: transitions(zone), ends: monthEnds(zone) }]));
  const lines = [];
  for (let i = 0; i < CASES; i++) {
    const tz = pick(ZONES);
    const { dst, ends } = anchors[tz];
    const anchor = dst.length > 0 && chance(0.65) ? pick(dst) : pick(ends);
    const c = { pattern: pattern(), tz, start: startNear(anchor) };
    if (chance(0.05)) c.startDate = c.start + int(0, 48) * 3600e3;
    if (chance(0.05)) c.endDate = c.start + int(0, 72) * 3600e3;
    lines.push(JSON.stringify(expected(c)));
  }
  const { code, output } = await runChecker(lines);
  assert.equal(code, 0, `seed ${SEED}: cases where queue-runner's cron module differs from cron-parser:\n${output}`);
  assert.match(output, new RegExp(`cases ${CASES} differing 0`));
});

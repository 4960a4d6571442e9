// Differential test of common/node_json against Node itself: a few thousand JSON texts,
// random and hand-picked edge cases (numbers, key orders, duplicates, escapes, surrogates,
// invalid UTF-8, texts JSON.parse refuses), each given to Node's
// JSON.stringify(JSON.parse(bytes.toString("utf8"))) and to node_json_round_trip through
// jobkit-node-json-filter; the outputs must be the same bytes, and a text Node refuses
// must be refused. The seed changes on every run, to cover more ground over time; it is
// printed first, and JOBKIT_NODE_JSON_SEED=<seed> replays a run.
//
// Usage: node differential.mjs <path of jobkit-node-json-filter>
import { spawnSync } from 'node:child_process';

const filter = process.argv[2];
if (!filter) {
  console.error('usage: node differential.mjs <path of jobkit-node-json-filter>');
  process.exit(64);
}
const seed = process.env.JOBKIT_NODE_JSON_SEED !== undefined
  ? Number(process.env.JOBKIT_NODE_JSON_SEED) >>> 0
  : (Date.now() ^ (process.pid << 16)) >>> 0;
console.log(`node-json differential: seed ${seed} (replay: JOBKIT_NODE_JSON_SEED=${seed})`);

// mulberry32: small, seedable, good enough to pick test inputs.
let state = seed;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const below = (n) => Math.floor(random() * n);
const pick = (items) => items[below(items.length)];
const chance = (p) => random() < p;
const digits = (n) => Array.from({ length: n }, () => below(10)).join('');

// ---- numbers -------------------------------------------------------------------------

const edgeNumbers = [
  '0', '-0', '0.0', '-0.0', '0e0', '0E+5', '-0e-5', '1', '1.0', '1.50', '1e0', '1E1', '1e+1', '1e-1',
  // subnormals and the bottom of the range
  '5e-324', '-5e-324', '4.9406564584124654e-324', '2.4703282292062327e-324',
  '2.4703282292062328e-324', '3e-324', '1e-323', '2.2250738585072009e-308',
  '2.2250738585072011e-308', '2.2250738585072014e-308', '1e-400', '-1e-400',
  // the top of the range
  '1.7976931348623157e308', '1.7976931348623158e308', '1.7976931348623159e308', '1e308',
  '1e309', '-1e309', '1e99999999999999999999', '-1e-99999999999999999999', '0e99999999999',
  // 2^53 ± 1
  '9007199254740991', '9007199254740992', '9007199254740993', '9007199254740994',
  '9007199254740995', '-9007199254740993', '18014398509481985', '9007199254740993.0000000001',
  // the 1e21 boundary between plain and exponent form
  '1e21', '1e20', '999999999999999999999', '99999999999999999999', '100000000000000000000',
  '999999999999999900000', '999999999999999934463', '999999999999999934464',
  '9.999999999999999e20', '1.0000000000000001e21', '123456789012345678901', '12345678901234567890',
  // the 1e-7 boundary
  '1e-7', '1e-6', '0.000001', '0.0000001', '9.999999999999999e-7', '0.00000099999999999999995',
  '1.0000000000000001e-7', '0.000000123', '1.23e-6', '100e-9', '-1.5e-7', '0.0000015',
  // many digits, and where the first significant digit sits
  '0.1', '0.2', '0.30000000000000004', '123e-20', `1${'0'.repeat(400)}e-50`,
  `0.${'0'.repeat(400)}1e300`, `0.${'0'.repeat(400)}1e450`, `0.${'0'.repeat(50)}1e-300`,
  `${'9'.repeat(800)}`, `0.${digits(700)}`, `-${digits(1)}.${digits(60)}e-310`,
];

function randomDouble() {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, below(2 ** 32));
  view.setUint32(4, below(2 ** 32));
  return view.getFloat64(0);
}

function randomNumberText() {
  switch (below(8)) {
    case 0: return pick(edgeNumbers);
    case 1: case 2: {
      // A random double written as JavaScript, as an exponent form, or to a precision.
      const x = randomDouble();
      if (!Number.isFinite(x)) return '0';
      const forms = [String(x), x.toExponential(below(21)), x.toPrecision(1 + below(21))];
      if (Math.abs(x) < 1e21) forms.push(x.toFixed(below(21)));
      return pick(forms).replace('e+', pick(['e+', 'e', 'E+', 'E']));
    }
    case 3: {
      // Decimal digits with a point and an exponent anywhere.
      const whole = chance(0.3) ? '0' : String(1 + below(9)) + digits(below(chance(0.1) ? 400 : 25));
      const fraction = chance(0.5) ? `.${digits(1 + below(chance(0.1) ? 400 : 25))}` : '';
      const exponent = chance(0.5) ? `${pick(['e', 'E'])}${pick(['', '+', '-'])}${below(400)}` : '';
      return `${pick(['', '-'])}${whole}${fraction}${exponent}`;
    }
    case 4: {
      // Near a power of two or ten.
      const base = chance(0.5) ? 2n ** BigInt(below(80)) : 10n ** BigInt(below(30));
      return String(base + BigInt(below(5) - 2));
    }
    case 5: return String(below(2 ** 31) - 2 ** 30);
    case 6: return `${pick(['', '-'])}${1 + below(9)}e${pick(['-', '+', ''])}${below(30)}`;
    default: return String(Number(random().toFixed(1 + below(17))) * 10 ** (below(40) - 20));
  }
}

// ---- strings -------------------------------------------------------------------------

const hex4 = (unit) => {
  const text = unit.toString(16).padStart(4, '0');
  return chance(0.5) ? text : text.toUpperCase();
};
const escapedUnit = () => `\\u${hex4(pick([
  below(0x20), below(0x20), 0x22, 0x5c, 0x2f, 0x7f, 0x2028, 0x2029, 0xfeff, 0xfffd,
  0xd800 + below(0x400), 0xdc00 + below(0x400), below(0x10000), 0x41 + below(26),
]))}`;
const surrogatePair = () => `\\u${hex4(0xd800 + below(0x400))}\\u${hex4(0xdc00 + below(0x400))}`;
const rawCharacters = ['é', '€', '😀', '\u2028', '\u2029', '\ufeff', '\x7f', '\ufffd', '\u{10ffff}', 'ß', '東'];
const invalidUtf8 = [
  [0x80], [0xbf], [0xff], [0xfe], [0xc3], [0xc0, 0xaf], [0xc1, 0xbf], [0xe2, 0x82], [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf0, 0x80, 0x80, 0x80], [0xf0, 0x9f, 0x98],
  [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x28, 0xa1],
];

// A string literal as a list of Buffers: raw bytes may be invalid UTF-8 on purpose.
function randomStringParts() {
  const parts = [];
  const length = below(chance(0.1) ? 40 : 8);
  for (let i = 0; i < length; i++) {
    switch (below(10)) {
      case 0: parts.push(pick(['\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t'])); break;
      case 1: case 2: parts.push(escapedUnit()); break;
      case 3: parts.push(surrogatePair()); break;
      case 4: parts.push(pick(rawCharacters)); break;
      case 5: if (chance(0.3)) { parts.push(Buffer.from(pick(invalidUtf8))); break; } // falls through
      default: parts.push(String.fromCharCode(0x20 + below(0x5f)).replace(/["\\]/, 'q'));
    }
  }
  return parts;
}

const keyPool = [
  '0', '1', '2', '7', '10', '01', '00', '-1', '-0', '1.0', '1e0', '+1', ' 1', '1 ', '4294967294',
  '4294967295', '4294967296', '99999999999', '\\u0031', '\\u0030', 'a', 'b', 'zeta', 'alpha',
  '\\u0061', '__proto__', 'constructor', 'toString', 'length', '', ' ', 'é', '\\ud800',
];
const keyText = () => (chance(0.6) ? [pick(keyPool)] : randomStringParts());

// ---- documents -----------------------------------------------------------------------

const space = () => (chance(0.8) ? '' : pick([' ', '\n', '\t', '\r\n', '  \t ']));

function randomValue(out, depth) {
  out.push(space());
  const kind = depth > 4 || chance(0.45) ? below(4) : 4 + below(2);
  switch (kind) {
    case 0: out.push(pick(['true', 'false', 'null'])); break;
    case 1: out.push(randomNumberText()); break;
    case 2: case 3: out.push('"', ...randomStringParts(), '"'); break;
    case 4: {
      out.push('[');
      const n = below(6);
      for (let i = 0; i < n; i++) {
        if (i > 0) out.push(',');
        randomValue(out, depth + 1);
      }
      out.push(space(), ']');
      break;
    }
    default: {
      out.push('{');
      const n = below(depth < 2 && chance(0.1) ? 30 : 6);
      for (let i = 0; i < n; i++) {
        if (i > 0) out.push(',');
        out.push(space(), '"', ...keyText(), '"', space(), ':');
        randomValue(out, depth + 1);
      }
      out.push(space(), '}');
    }
  }
  out.push(space());
}

// Joins strings (as UTF-8) and Buffers (bytes as they are), strings first merged: a Buffer
// per small part made generating slower than comparing.
function toBuffer(parts) {
  const buffers = [];
  let text = '';
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      buffers.push(Buffer.from(text), part);
      text = '';
    } else {
      text += part;
    }
  }
  buffers.push(Buffer.from(text));
  return Buffer.concat(buffers);
}
function randomDocument() {
  const parts = [];
  randomValue(parts, 0);
  return toBuffer(parts);
}

// A valid text broken (or not) in one to three places: JSON.parse's refusals, found by chance.
const insertions = ['{', '}', '[', ']', ',', ':', '"', '\\', '0', '-', '.', 'e', '+', ' ', '\0', '\x01', 'a', '/', '*', '\xa0'];
function mutated(text) {
  let bytes = [...text];
  for (let n = 1 + below(3); n > 0; n--) {
    const at = below(bytes.length + 1);
    const insertion = chance(0.8) ? [...Buffer.from(pick(insertions))] : [0x80 + below(0x80)];
    switch (below(4)) {
      case 0: bytes.splice(at, 1); break;
      case 1: bytes.splice(at, 0, ...insertion); break;
      case 2: bytes.splice(at, 1, ...insertion); break;
      default: bytes = bytes.slice(0, at);
    }
  }
  return Buffer.from(bytes);
}

const fixedTexts = [
  '', ' ', '1 2', '[1,]', '{"a":1,}', 'NaN', 'Infinity', '-Infinity', 'undefined', '// c\n1',
  '/* c */1', '01', '-01', '00', '1.', '.1', '+1', '-', '1e', '1e+', '0x10', "'a'", '{a:1}',
  '"\\x41"', '"\\u12"', '"\\U0041"', '"\\a"', '"a\tb"', '"\0"', '\ufeff1', '\u00a01', '\f1', '\v1',
  '\u20281', 'tru', 'nul', 'True', '[1]]', '{}}', '[,1]', '{"a" 1}', '"open', '{"a":1 "b":2}',
  '{"zeta":1,"alpha":{"y":2,"b":3}}', '{"b":1,"2":2,"a":3,"10":4,"0":5}', '{"a":1,"b":2,"a":3}',
  '{"5":1,"b":2,"5":3,"1":4}', '{"x":0,"4294967295":1,"4294967294":2,"4294967296":3}',
  '{"01":1,"1":2,"-1":3,"1.0":4,"1e0":5}', '"\\uD800"', '"\\uDC00\\uD800x"', '"\\uD800\\uD800\\uDC00"',
  '"\\ud83d\\ude00"', '"😀"', '"\\u2028\\u2029"', '"\\u0000\\u001f\\u007f"', '"\\/"', '[[],{},[{}]]',
  '[' + '['.repeat(998) + ']'.repeat(998) + ']', '{"a":'.repeat(999) + '1' + '}'.repeat(999),
];

function allTexts() {
  const texts = fixedTexts.map((text) => Buffer.from(text));
  for (const number of edgeNumbers) texts.push(Buffer.from(number), Buffer.from(`[${number},-${number}]`));
  for (let i = 0; i < 4000; i++) {
    const document = randomDocument();
    texts.push(chance(0.2) ? mutated(document) : document);
  }
  for (let i = 0; i < 1500; i++) texts.push(Buffer.from(randomNumberText()));
  return texts;
}

// ---- comparison ----------------------------------------------------------------------

function nodeRoundTrip(bytes) {
  try {
    return Buffer.from(JSON.stringify(JSON.parse(bytes.toString('utf8'))), 'utf8');
  } catch {
    return null;
  }
}

function jobkitRoundTrips(texts) {
  const input = Buffer.concat(texts.flatMap((text) => [Buffer.from(`${text.length}\n`), text]));
  const run = spawnSync(filter, { input, maxBuffer: 1 << 30 });
  if (run.error || run.status !== 0) {
    console.error(`${filter}: ${run.error ?? `exit status ${run.status}`}\n${run.stderr}`);
    process.exit(1);
  }
  const results = [];
  let at = 0;
  const output = run.stdout;
  while (at < output.length) {
    const end = output.indexOf(0x0a, at);
    const header = output.subarray(at, end).toString();
    if (header === 'refused') {
      results.push(null);
      at = end + 1;
    } else {
      const size = Number(header);
      results.push(output.subarray(end + 1, end + 1 + size));
      at = end + 1 + size;
    }
  }
  return results;
}

const show = (bytes) => (bytes === null ? 'refused' : `${JSON.stringify(bytes.toString('latin1'))} (${bytes.length} bytes)`);

const texts = allTexts();
const results = jobkitRoundTrips(texts);
if (results.length !== texts.length) {
  console.error(`${texts.length} texts sent, ${results.length} answers`);
  process.exit(1);
}
let accepted = 0;
let mismatches = 0;
texts.forEach((text, i) => {
  const expected = nodeRoundTrip(text);
  const actual = results[i];
  if (expected !== null) accepted++;
  const same = expected === null ? actual === null : actual !== null && expected.equals(actual);
  if (same) return;
  if (++mismatches <= 10) {
    console.log(`MISMATCH text ${i}: ${show(text)}\n  node:   ${show(expected)}\n  jobkit: ${show(actual)}`);
  }
});
console.log(`${texts.length} texts: ${accepted} accepted and ${texts.length - accepted} refused by Node; ` +
  `${mismatches} differ from node_json_round_trip`);
process.exit(mismatches === 0 ? 0 : 1);
